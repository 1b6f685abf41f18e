// Read aloud (朗读): the page's paragraphs one by one with the device's own speech synthesis (the
// Web Speech API) and a Chinese voice, the paragraph being read marked and kept in view. Nothing
// leaves the device: no third-party service, no audio files. Where the browser has no speech
// synthesis, or the device no Chinese voice, the control says so (its messages come translated
// from the page's data attributes).
(function () {
  "use strict";
  var box = document.querySelector("[data-read-aloud]");
  if (!box) return;
  var start = box.querySelector(".read-aloud-start");
  var pause = box.querySelector(".read-aloud-pause");
  var stop = box.querySelector(".read-aloud-stop");
  var status = box.querySelector(".read-aloud-status");
  var speech = window.speechSynthesis;
  var Utterance = window.SpeechSynthesisUtterance;
  var READING = "is-read-aloud";
  var voices = [];
  var run = 0; // each start or stop begins a new run: callbacks of an older one are ignored
  var current = null;
  var paused = false;

  box.classList.add("is-ready");
  // Ask for the voices now, so they are there when the reader presses 朗读 (some browsers only
  // speak within the press itself).
  if (speech && speech.addEventListener) {
    loadVoices();
    speech.addEventListener("voiceschanged", loadVoices);
  }

  function say(name, number, total) {
    status.textContent = box.getAttribute("data-" + name)
      .replace("{number}", number).replace("{total}", total);
  }

  function chineseVoice() {
    // Mandarin of the mainland first, then any Mandarin; a Cantonese voice (zh-HK) last.
    var ranked = ["zh-cn", "zh-hans", "cmn", "zh", "yue"];
    for (var i = 0; i < ranked.length; i++) {
      for (var j = 0; j < voices.length; j++) {
        var lang = voices[j].lang.toLowerCase().replace("_", "-");
        if (lang === ranked[i] || lang.indexOf(ranked[i] + "-") === 0) return voices[j];
      }
    }
    return null;
  }

  function loadVoices() { voices = speech.getVoices() || []; }

  // Voices arrive after the page loads in some browsers: wait for them once, a moment at most.
  function whenVoices(then) {
    loadVoices();
    if (voices.length) { then(); return; }
    var waited = false;
    function done() {
      if (waited) return;
      waited = true;
      speech.removeEventListener("voiceschanged", done);
      loadVoices();
      then();
    }
    speech.addEventListener("voiceschanged", done);
    window.setTimeout(done, 1500);
  }

  function paragraphs() {
    return Array.prototype.filter.call(
      document.querySelectorAll(box.getAttribute("data-read-aloud")),
      function (element) { return element.textContent.trim(); }
    );
  }

  function mark(element) {
    if (current) current.classList.remove(READING);
    current = element;
    if (element) {
      element.classList.add(READING);
      element.scrollIntoView({ block: "center" });
    }
  }

  function setIdle() {
    paused = false;
    pause.textContent = box.getAttribute("data-pause-label");
    pause.hidden = true;
    stop.hidden = true;
    start.disabled = false;
  }

  // A paragraph is spoken a sentence at a time: some engines stop a long utterance midway
  // (Chrome's after about 15 s), and a pause or stop then waits for one sentence at most.
  function sentences(element) {
    return element.textContent.trim().match(/[^。！？；!?;]+[。！？；!?;”’」』）)]*/g) || [];
  }

  function read(list, index, voice, thisRun, pieces) {
    if (thisRun !== run) return;
    if (index >= list.length) {
      mark(null);
      setIdle();
      say("done");
      return;
    }
    if (!pieces) {
      pieces = sentences(list[index]);
      mark(list[index]);
      say("reading", index + 1, list.length);
    }
    if (!pieces.length) { read(list, index + 1, voice, thisRun); return; }
    var utterance = new Utterance(pieces[0]);
    utterance.lang = voice.lang;
    utterance.voice = voice;
    utterance.onend = function () {
      if (pieces.length > 1) read(list, index, voice, thisRun, pieces.slice(1));
      else read(list, index + 1, voice, thisRun);
    };
    utterance.onerror = function (event) {
      if (thisRun !== run || event.error === "interrupted" || event.error === "canceled") return;
      run += 1;
      mark(null);
      setIdle();
      say("failed");
    };
    speech.speak(utterance);
  }

  start.addEventListener("click", function () {
    if (!speech || !Utterance) { say("no-speech"); return; }
    whenVoices(function () {
      var voice = chineseVoice();
      if (!voice) { say("no-voice"); return; }
      run += 1;
      speech.cancel();
      start.disabled = true;
      pause.hidden = false;
      stop.hidden = false;
      stop.focus();
      read(paragraphs(), 0, voice, run);
    });
  });

  pause.addEventListener("click", function () {
    paused = !paused;
    if (paused) {
      speech.pause();
      say("paused");
    } else {
      speech.resume();
      status.textContent = "";
    }
    pause.textContent = box.getAttribute(paused ? "data-resume-label" : "data-pause-label");
  });

  stop.addEventListener("click", function () {
    run += 1;
    speech.cancel();
    mark(null);
    setIdle();
    say("stopped");
    start.focus();
  });

  // Leaving the page stops the voice, which would otherwise read on over the next one.
  window.addEventListener("pagehide", function () { if (speech) speech.cancel(); });
})();
