"""The public pages with the keyboard alone (issue 21): a skip link (跳到正文) first, every link,
button and field reached with Tab, each with a focus ring one can see, and the large-text switch
worked with Enter."""

from playwright.sync_api import expect

# Number the elements a reader can reach (visible, not disabled), so each Tab can say which it hit.
NUMBER_REACHABLE = """() => {
    const reachable = Array.from(document.querySelectorAll(
        "a[href], button, input, select, textarea, [tabindex]"
    )).filter((element) => !element.disabled && element.type !== "hidden"
        && element.tabIndex >= 0 && element.getClientRects().length
        && getComputedStyle(element).visibility !== "hidden");
    reachable.forEach((element, index) => { element.dataset.reach = index; });
    return reachable.length;
}"""
FOCUSED = """() => {
    const element = document.activeElement;
    const style = getComputedStyle(element);
    const box = element.getBoundingClientRect();
    return {
        reach: element.dataset.reach === undefined ? null : Number(element.dataset.reach),
        text: (element.innerText || element.value || element.getAttribute("aria-label")
            || element.id || element.tagName).trim(),
        ring: (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2)
            || style.boxShadow !== "none",
        onScreen: box.right > 0 && box.bottom > 0 && box.left < innerWidth && box.top < innerHeight,
    };
}"""


def test_the_skip_link_comes_first_and_leads_to_the_text(phone, public_paths):
    for path in public_paths:
        phone.goto(phone.base + path)

        phone.keyboard.press("Tab")

        focused = phone.evaluate(FOCUSED)
        assert focused["text"] == "跳到正文", path
        assert focused["ring"] and focused["onScreen"], path
        phone.keyboard.press("Enter")
        expect(phone.locator("main")).to_be_focused()


def test_tab_reaches_every_control_of_each_page_with_a_visible_focus(phone, public_paths):
    unseen = {}
    for path in public_paths:
        phone.goto(phone.base + path)
        total = phone.evaluate(NUMBER_REACHABLE)
        reached = set()
        for _press in range(total + 1):
            phone.keyboard.press("Tab")
            focused = phone.evaluate(FOCUSED)
            if focused["reach"] is None or focused["reach"] in reached:
                break  # past the last control
            reached.add(focused["reach"])
            if not (focused["ring"] and focused["onScreen"]):
                unseen.setdefault(path, []).append(focused["text"])
        if len(reached) != total:
            unseen.setdefault(path, []).append(f"reached {len(reached)} of {total}")
    assert not unseen, unseen


def test_the_large_text_switch_works_from_the_keyboard(phone, decision):
    phone.goto(phone.base + "/")
    switch = phone.locator("#reading-switch-header")
    for _press in range(20):
        phone.keyboard.press("Tab")
        if switch.evaluate("(button) => button === document.activeElement"):
            break

    phone.keyboard.press("Enter")

    expect(phone.locator("html")).to_have_class("large-text")
    expect(phone.locator("#reading-switch-header")).to_have_text("标准字号")
