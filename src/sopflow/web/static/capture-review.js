// The review page: choosing a step plays its moment of the recording, marks its words in
// the transcript and shows its screenshot; edits, deletions and acceptances are sent to
// the capture API as the whole edited draft, and the server's rendering of the draft
// replaces the old one. Nothing from the draft is ever inserted as HTML here.
"use strict";

(() => {
  const root = document.getElementById("review");
  if (!root) return;
  const job = root.dataset.job;
  const player = document.getElementById("player");
  const transcript = document.getElementById("transcript");
  const csrf = () => {
    const meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.content : "";
  };
  let result = null; // the capture's drafts as JSON, loaded once and kept in step
  const undo = new Map(); // draft index -> the draft before the last deletion

  const loaded = fetch(`/api/v1/captures/${job}/result`, { headers: { Accept: "application/json" } })
    .then((response) => (response.ok ? response.json() : null))
    .then((body) => { result = body; });

  function clock(seconds) {
    const whole = Math.floor(seconds);
    return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, "0")}`;
  }

  // --- choosing an element: play, mark the words, show the screenshot ---------------

  let stopAt = null;

  function watchEnd() {
    if (stopAt === null || !player) return;
    if (player.currentTime >= stopAt) {
      player.pause();
      stopAt = null;
      return;
    }
    if (!player.paused) window.requestAnimationFrame(watchEnd);
  }

  function play(item) {
    if (!player || item.dataset.timeStart === undefined) return;
    const start = Number(item.dataset.timeStart);
    const end = Number(item.dataset.timeEnd);
    stopAt = Math.max(end, start + 0.3);
    player.currentTime = start;
    const playing = player.play();
    if (playing) playing.then(() => window.requestAnimationFrame(watchEnd)).catch(() => { stopAt = null; });
    const label = item.querySelector(".element-label").textContent;
    document.getElementById("now-playing").textContent = `Playing ${label}, ${clock(start)} to ${clock(end)}`;
  }

  function mark(item) {
    if (!transcript) return;
    for (const piece of transcript.querySelectorAll(".piece.is-span")) piece.classList.remove("is-span");
    if (item.dataset.spanStart === undefined) return;
    const start = Number(item.dataset.spanStart);
    const end = Number(item.dataset.spanEnd);
    let first = null;
    for (const piece of transcript.querySelectorAll(".piece")) {
      if (Number(piece.dataset.s) >= start && Number(piece.dataset.e) <= end) {
        piece.classList.add("is-span");
        first = first || piece;
      }
    }
    if (first) scrollInside(transcript, first);
  }

  // The transcript scrolls inside its own box; the page stays where the reviewer is.
  function scrollInside(box, target) {
    const top = target.getBoundingClientRect().top - box.getBoundingClientRect().top + box.scrollTop;
    box.scrollTo({ top: Math.max(0, top - box.clientHeight / 3), behavior: "smooth" });
  }

  function showShot(item) {
    const figure = document.getElementById("shot");
    if (!figure) return;
    const url = item.dataset.screenshot;
    figure.hidden = !url;
    if (!url) return;
    const label = item.querySelector(".element-label").textContent;
    const text = item.querySelector(".element-text").textContent;
    const image = document.getElementById("shot-image");
    image.src = url;
    image.alt = `Screen at ${label}: ${text}`;
    document.getElementById("shot-caption").textContent = `${label}: the screen when it happened`;
  }

  function choose(item) {
    for (const other of root.querySelectorAll(".element.is-current")) other.classList.remove("is-current");
    item.classList.add("is-current");
    for (const button of root.querySelectorAll(".element-select[aria-current]")) button.removeAttribute("aria-current");
    item.querySelector(".element-select").setAttribute("aria-current", "true");
    showShot(item); // first: the screenshot changes how much room the transcript has
    window.requestAnimationFrame(() => mark(item));
    play(item);
  }

  // While the recording plays, its transcript line is marked.
  if (player && transcript) {
    const segments = [...transcript.querySelectorAll(".segment[data-time-start]")];
    player.addEventListener("timeupdate", () => {
      const now = player.currentTime;
      for (const segment of segments) {
        const inside = now >= Number(segment.dataset.timeStart) && now <= Number(segment.dataset.timeEnd) + 0.2;
        segment.classList.toggle("is-playing", inside);
      }
      // And the steps whose moment this is, wherever the reviewer moved the player to.
      for (const item of root.querySelectorAll(".element[data-time-start]")) {
        const inside = now >= Number(item.dataset.timeStart) && now <= Number(item.dataset.timeEnd);
        item.classList.toggle("is-live", inside && !player.paused);
      }
    });
    player.addEventListener("pause", () => {
      for (const item of root.querySelectorAll(".element.is-live")) item.classList.remove("is-live");
    });
    player.addEventListener("seeking", () => {
      if (stopAt !== null && Math.abs(player.currentTime - stopAt) > 60) stopAt = null;
    });
  }

  // --- editing: the whole draft goes back to the server ------------------------------

  function draftOf(item) {
    const article = item.closest(".draft");
    const index = Number(article.dataset.index);
    return { article, index, draft: result.drafts[index] };
  }

  function status(article, text, undoable) {
    const box = article.querySelector(".draft-status");
    box.replaceChildren();
    if (!text) return;
    const line = document.createElement("p");
    line.className = undoable ? "notice" : "problem";
    line.textContent = text;
    if (undoable) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "small";
      button.dataset.action = "undo";
      button.textContent = "Undo";
      line.append(" ", button);
    }
    box.append(line);
  }

  async function send(index, documentData, accepted) {
    const response = await fetch(`/api/v1/captures/${job}/drafts/${index}`, {
      method: "PUT",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRF-Token": csrf() },
      body: JSON.stringify({ document: documentData, accepted: [...accepted] }),
    });
    const body = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(body.detail || `The change was refused (HTTP ${response.status}).`);
    result.drafts[index] = body;
    const page = await fetch(`/captures/${job}/review/drafts/${index}`);
    const holder = document.createElement("template");
    holder.innerHTML = (await page.text()).trim(); // the server's own rendering, escaped
    const old = document.getElementById(`draft-${index}`);
    const fresh = holder.content.firstElementChild;
    old.replaceWith(fresh);
    return fresh;
  }

  async function change(item, makeChange, message, undoable) {
    await loaded;
    if (!result) return;
    const { article, index, draft } = draftOf(item);
    const key = item.dataset.key;
    const before = structuredClone(draft.document);
    const documentData = structuredClone(draft.document);
    const accepted = new Set(draft.accepted);
    try {
      const focusKey = makeChange(documentData, accepted, key);
      const fresh = await send(index, documentData, accepted);
      if (undoable) undo.set(index, { document: before, accepted: new Set(draft.accepted) });
      status(fresh, message, undoable);
      const target = fresh.querySelector(`.element[data-key="${CSS.escape(focusKey || key)}"] .element-select`);
      (target || fresh.querySelector(".draft-head h2")).focus?.();
    } catch (error) {
      status(article, error.message, false);
    }
  }

  function textField(type) {
    return { step: "instruction", decision: "question", outcome: "name", "wi-step": "action" }[type];
  }

  function node(documentData, item) {
    if (item.dataset.type === "wi-step") return documentData.steps[Number(item.dataset.key.slice(5)) - 1];
    return documentData.flow.nodes.find((candidate) => candidate.id === item.dataset.key);
  }

  function removeStep(documentData, accepted, key, type) {
    if (type === "wi-step") {
      const number = Number(key.slice(5));
      documentData.steps.splice(number - 1, 1);
      const moved = [...accepted].filter((k) => k !== key).map((k) => {
        const n = Number(k.slice(5));
        return n > number ? `step-${n - 1}` : k;
      });
      accepted.clear();
      moved.forEach((k) => accepted.add(k));
      return `step-${Math.max(1, Math.min(number, documentData.steps.length))}`;
    }
    const flow = documentData.flow;
    const gone = flow.nodes.find((candidate) => candidate.id === key);
    const after = gone.next || null;
    for (const other of flow.nodes) {
      if (other.next === key) {
        if (after) other.next = after;
        else delete other.next;
      }
      for (const option of [...(other.options || []), ...(other.branches || [])]) {
        if (option.next === key) {
          if (!after) throw new Error("This step ends its branch, so it cannot be deleted; edit it instead.");
          option.next = after;
        }
      }
      if (other.join === key) {
        if (!after) throw new Error("This step is where parallel branches meet, so it cannot be deleted; edit it instead.");
        other.join = after;
      }
    }
    if (flow.start === key) {
      if (!after) throw new Error("This is the only way into the flow; edit it instead.");
      flow.start = after;
    }
    flow.nodes = flow.nodes.filter((candidate) => candidate.id !== key);
    accepted.delete(key);
    return after;
  }

  function openEditor(item) {
    if (item.querySelector(".element-edit")) return;
    const type = item.dataset.type;
    const form = document.createElement("form");
    form.className = "element-edit stack";
    const textLabel = document.createElement("label");
    textLabel.textContent = type === "decision" ? "Question" : type === "outcome" ? "Outcome" : "What to do";
    const text = document.createElement("textarea");
    text.name = "text";
    text.required = true;
    text.value = item.querySelector(".element-text").textContent.trim();
    textLabel.append(text);
    form.append(textLabel);
    const roles = item.closest(".draft").querySelector("template.role-options");
    let role = null;
    if (roles && (type === "step" || type === "decision")) {
      const roleLabel = document.createElement("label");
      roleLabel.textContent = "Who does it";
      role = document.createElement("select");
      role.name = "role";
      role.append(roles.content.cloneNode(true));
      role.value = item.dataset.role;
      roleLabel.append(role);
      form.append(roleLabel);
    }
    const buttons = document.createElement("div");
    buttons.className = "actions";
    const save = document.createElement("button");
    save.type = "submit";
    save.className = "primary small";
    save.textContent = "Save change";
    const cancel = document.createElement("button");
    cancel.type = "button";
    cancel.className = "small";
    cancel.textContent = "Cancel";
    cancel.addEventListener("click", () => {
      form.remove();
      item.querySelector('[data-action="edit"]').focus();
    });
    buttons.append(save, cancel);
    form.append(buttons);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const label = item.querySelector(".element-label").textContent;
      change(item, (documentData) => {
        const target = node(documentData, item);
        target[textField(type)] = text.value.trim();
        if (role) target.role = role.value;
      }, `${label} changed.`, false);
    });
    item.querySelector(".element-actions").after(form);
    text.focus();
  }

  root.addEventListener("click", (event) => {
    const button = event.target.closest("button");
    if (!button || !root.contains(button)) return;
    const item = button.closest(".element");
    if (button.classList.contains("seek") && player) {
      stopAt = null;
      player.currentTime = Number(button.dataset.seek);
      player.play().catch(() => {});
      return;
    }
    if (button.dataset.action === "undo") {
      const article = button.closest(".draft");
      const index = Number(article.dataset.index);
      const previous = undo.get(index);
      if (!previous) return;
      undo.delete(index);
      send(index, previous.document, previous.accepted)
        .then((fresh) => status(fresh, "Deletion undone.", false))
        .catch((error) => status(article, error.message, false));
      return;
    }
    if (!item) return;
    if (button.classList.contains("element-select")) {
      choose(item);
      return;
    }
    const label = item.querySelector(".element-label").textContent;
    if (button.dataset.action === "edit") openEditor(item);
    if (button.dataset.action === "accept") {
      const accepting = button.getAttribute("aria-pressed") !== "true";
      change(item, (documentData, accepted, key) => {
        if (accepting) accepted.add(key);
        else accepted.delete(key);
      }, accepting ? `${label} accepted.` : `${label} no longer accepted.`, false);
    }
    if (button.dataset.action === "delete") {
      change(item, (documentData, accepted, key) => removeStep(documentData, accepted, key, item.dataset.type),
        `${label} deleted.`, true);
    }
  });

  // --- saving ------------------------------------------------------------------------

  async function save(button) {
    const box = document.getElementById("save-result");
    const buttons = [...root.querySelectorAll(".save-form button")];
    buttons.forEach((each) => { each.disabled = true; });
    box.replaceChildren();
    const response = await fetch(`/api/v1/captures/${job}/save`, {
      method: "POST",
      headers: { Accept: "application/json", "X-CSRF-Token": csrf() },
    });
    const body = await response.json().catch(() => ({}));
    if (!response.ok) {
      buttons.forEach((each) => { each.disabled = false; });
      const problem = document.createElement("p");
      problem.className = "problem";
      problem.textContent = body.detail || `Saving failed (HTTP ${response.status}).`;
      box.append(problem);
      box.scrollIntoView({ block: "nearest" });
      return;
    }
    const done = document.createElement("div");
    done.className = "success";
    const intro = document.createElement("p");
    intro.textContent = "Saved to the library as draft revisions:";
    const list = document.createElement("ul");
    list.className = "saved-list";
    for (const item of body.saved) {
      const line = document.createElement("li");
      const link = document.createElement("a");
      link.href = item.url;
      link.textContent = item.code;
      const note = document.createElement("span");
      note.className = "muted";
      note.textContent = ` (draft revision ${item.revision})`;
      line.append(link, ` ${item.title}`, note);
      if (item.code.startsWith("SOP-")) {
        const build = document.createElement("a");
        build.href = `/documents/${encodeURIComponent(item.code)}/builder`;
        build.textContent = "Edit as flow";
        line.append(" · ", build);
      }
      list.append(line);
    }
    done.append(intro, list);
    document.getElementById("save-area").replaceChildren(done);
    root.dataset.saved = "true";
    for (const part of root.querySelectorAll(".element-actions, .element-edit, .save-end")) part.remove();
    done.scrollIntoView({ block: "nearest" });
    list.querySelector("a")?.focus();
  }

  for (const form of root.querySelectorAll(".save-form")) {
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      save(form.querySelector("button"));
    });
  }
})();
