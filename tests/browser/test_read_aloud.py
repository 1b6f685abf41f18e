"""Read aloud (朗读) on the decision, the profile and a reflection: the device's own speech
synthesis, paragraph by paragraph, with pause and stop; a message in Chinese where it cannot.

Headless Chromium has `speechSynthesis` but no voice, so the walk through reading, pausing and
stopping uses a stand-in for the Web Speech API that finishes an utterance when the test says so."""

import re

import pytest
from playwright.sync_api import expect

from campaign.choices import ReflectionStatus
from documents.models import Paragraph
from tests.factories import ReflectionFactory

DECISION = "/c/li-bin-2019/decision/"
NO_VOICE = "此设备没有中文语音"

# A device with an English and a Chinese voice; `window.spoken` holds what it was asked to say,
# `window.finishSpeaking()` ends the utterance being spoken, as the real engine does at its end.
STAND_IN = """
(() => {
    const voices = [
        {name: "English", lang: "en-US", default: true},
        {name: "普通话", lang: "zh-CN", default: false},
    ];
    window.spoken = [];
    let speaking = null;
    window.SpeechSynthesisUtterance = function (text) { this.text = text; };
    const engine = {
        paused: false,
        getVoices: () => voices,
        addEventListener: () => {},
        removeEventListener: () => {},
        speak(utterance) {
            window.spoken.push({text: utterance.text, lang: utterance.lang,
                                voice: utterance.voice && utterance.voice.name});
            speaking = utterance;
        },
        pause() { this.paused = true; },
        resume() { this.paused = false; },
        cancel() {
            const cancelled = speaking;
            speaking = null;
            if (cancelled && cancelled.onerror) cancelled.onerror({error: "interrupted"});
        },
    };
    window.finishSpeaking = () => {
        const done = speaking;
        speaking = null;
        done.onend();
    };
    Object.defineProperty(window, "speechSynthesis", {value: engine, configurable: true});
})();
"""


@pytest.fixture
def shared(tree):
    return ReflectionFactory(
        organisation=tree.unit,
        title="工匠精神的体会",
        body="示例：第一段体会。\n\n示例：第二段体会。",
        quoted_paragraph=Paragraph.objects.get(document__campaign__slug="li-bin-2019", number=9),
        status=ReflectionStatus.FEATURED,
        public_consent=True,
    )


def test_each_text_page_has_a_labelled_read_aloud_control_that_answers(phone, shared):
    for path in [DECISION, "/c/li-bin-2019/profile/", shared.showcase_url()]:
        phone.goto(phone.base + path)
        read = phone.get_by_role("button", name="朗读", exact=True)
        expect(read).to_be_visible()

        read.click()

        # Headless Chromium has no voice, so it says so; a device with a voice marks what it reads.
        first_read = phone.locator(".is-read-aloud")
        no_voice = phone.locator(".read-aloud-status", has_text=NO_VOICE)
        expect(first_read.or_(no_voice)).to_be_visible()
        if no_voice.count():
            expect(phone.get_by_role("status")).to_contain_text("请在手机设置")


def test_reading_goes_paragraph_by_paragraph_with_a_chinese_voice_and_pauses_and_stops(
    phone, decision
):
    phone.add_init_script(STAND_IN)
    phone.goto(phone.base + DECISION)

    phone.get_by_role("button", name="朗读", exact=True).click()

    title = phone.locator(".doc-title")
    expect(title).to_have_class(re.compile("is-read-aloud"))
    expect(phone.get_by_role("status")).to_contain_text(re.compile(r"正在朗读第 1 段，共 \d+ 段"))
    first = phone.evaluate("window.spoken[0]")
    assert first == {"text": title.inner_text(), "lang": "zh-CN", "voice": "普通话"}

    phone.evaluate("window.finishSpeaking()")

    paragraph = phone.locator("#p-1")
    expect(paragraph).to_have_class(re.compile("is-read-aloud"))
    expect(title).not_to_have_class(re.compile("is-read-aloud"))
    expect(phone.get_by_role("status")).to_contain_text("正在朗读第 2 段")
    # A sentence at a time, the paragraph marked until its last sentence is read.
    text = paragraph.inner_text().strip()
    first_sentence = phone.evaluate("window.spoken[1].text")
    assert first_sentence.endswith("。") and text.startswith(first_sentence)
    phone.evaluate("window.finishSpeaking()")
    assert text.startswith(first_sentence + phone.evaluate("window.spoken[2].text"))
    expect(paragraph).to_have_class(re.compile("is-read-aloud"))

    phone.get_by_role("button", name="暂停").click()

    assert phone.evaluate("window.speechSynthesis.paused")
    expect(phone.get_by_role("status")).to_have_text("已暂停。")
    phone.get_by_role("button", name="继续").click()
    assert not phone.evaluate("window.speechSynthesis.paused")

    phone.get_by_role("button", name="停止").click()

    expect(phone.locator(".is-read-aloud")).to_have_count(0)
    expect(phone.get_by_role("status")).to_have_text("已停止朗读。")
    expect(phone.get_by_role("button", name="停止")).to_be_hidden()
    expect(phone.get_by_role("button", name="朗读", exact=True)).to_be_focused()
    assert phone.evaluate("window.spoken.length") == 3  # nothing read after the stop


def test_a_browser_without_speech_synthesis_says_it_cannot_read_aloud(phone, decision):
    phone.add_init_script("delete Window.prototype.speechSynthesis; delete window.speechSynthesis;")
    phone.goto(phone.base + DECISION)

    phone.get_by_role("button", name="朗读", exact=True).click()

    expect(phone.get_by_role("status")).to_have_text("此浏览器不支持朗读（没有语音合成功能）。")
    expect(phone.locator(".is-read-aloud")).to_have_count(0)
