// The capture page: drag and drop, the upload with its progress bar, then each stage's
// progress from the job's Server-Sent Events, and on to the review page when it is done.
// Without this script the form posts the files and the status page reloads by hand.
"use strict";

(() => {
  const csrf = () => {
    const meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.content : "";
  };
  const labels = document.getElementById("stage-labels");
  const stageLabel = (name) => (labels && labels.dataset[name]) || name;

  function size(bytes) {
    const units = [["GB", 1024 ** 3], ["MB", 1024 ** 2], ["KB", 1024]];
    for (const [unit, scale] of units) {
      if (bytes >= scale) {
        const value = bytes / scale;
        return `${value >= 10 ? value.toFixed(0) : value.toFixed(1)} ${unit}`;
      }
    }
    return `${bytes} bytes`;
  }

  function duration(seconds) {
    if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
    const minutes = Math.round(seconds / 60);
    return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
  }

  function show(element, text) {
    if (!element) return;
    element.textContent = text || "";
    element.hidden = !text;
  }

  // --- the job's stages --------------------------------------------------------------

  const job = document.getElementById("job");
  const stages = document.getElementById("stages");
  const template = document.getElementById("stage-template");

  function stageRow(name) {
    let row = stages.querySelector(`[data-stage="${CSS.escape(name)}"]`);
    if (!row) {
      row = template.content.firstElementChild.cloneNode(true);
      row.dataset.stage = name;
      const label = row.querySelector(".stage-name");
      label.id = `stage-${name}`;
      label.textContent = stageLabel(name);
      row.querySelector("progress").setAttribute("aria-labelledby", label.id);
      stages.append(row);
    }
    return row;
  }

  function noteFor(stage) {
    if (stage.state === "done") return "Done";
    if (stage.state === "stopped") return "Stopped";
    if (stage.state !== "running") return "Waiting";
    const parts = [];
    if (stage.fraction === null) parts.push("Working");
    else if (stage.fraction === 0) parts.push("Starting");
    else parts.push(`${Math.round(stage.fraction * 100)}%`);
    if (stage.eta !== null && stage.eta > 0.5) parts.push(`about ${duration(stage.eta)} left`);
    return parts.join(" · ");
  }

  const STATE_TEXT = {
    queued: "Waiting for a free worker…",
    running: "Drafting…",
    done: "Done: opening the review…",
    failed: "The capture failed. It stopped with this problem:",
    cancelled: "Cancelled.",
  };

  function render(status) {
    for (const stage of status.stages) {
      const row = stageRow(stage.name);
      row.className = `stage ${stage.state}`;
      const bar = row.querySelector("progress");
      // Only a running stage of unknown length is drawn as indeterminate.
      if (stage.fraction === null && stage.state === "running") bar.removeAttribute("value");
      else bar.value = stage.fraction || 0;
      row.querySelector(".stage-note").textContent = noteFor(stage);
    }
    const state = document.getElementById("job-state");
    if (state) state.textContent = STATE_TEXT[status.state] || status.state;
    show(document.getElementById("job-error"), status.error);
    const finished = ["done", "failed", "cancelled"].includes(status.state);
    const cancel = document.getElementById("cancel-job");
    if (cancel) cancel.hidden = finished;
    const reload = document.getElementById("reload-job");
    if (reload) reload.hidden = finished;
    const again = document.getElementById("job-again");
    if (again) again.hidden = !finished || status.state === "done";
  }

  function follow(id) {
    job.dataset.job = id;
    const source = new EventSource(`/api/v1/captures/${id}/events`);
    source.addEventListener("progress", (event) => render(JSON.parse(event.data)));
    source.addEventListener("done", (event) => {
      source.close();
      render(JSON.parse(event.data));
      window.location.assign(`/captures/${id}/review`);
    });
    for (const name of ["failed", "cancelled"]) {
      source.addEventListener(name, (event) => {
        source.close();
        render(JSON.parse(event.data));
      });
    }
    source.addEventListener("error", () => {
      if (source.readyState === EventSource.CLOSED) {
        // The stream was refused (signed out, gone): say what the status says.
        fetch(`/api/v1/captures/${id}`, { headers: { Accept: "application/json" } })
          .then((response) => response.json())
          .then((body) => (body.stages ? render(body) : show(document.getElementById("job-error"), body.detail)))
          .catch(() => show(document.getElementById("job-error"), "Lost the connection to the server; reload the page."));
      }
    });
  }

  const cancel = document.getElementById("cancel-job");
  if (cancel) {
    cancel.addEventListener("click", () => {
      const id = job.dataset.job;
      if (!id) return;
      cancel.disabled = true;
      fetch(`/api/v1/captures/${id}/cancel`, {
        method: "POST",
        headers: { "X-CSRF-Token": csrf(), Accept: "application/json" },
      })
        .then((response) => response.json())
        .then((body) => body.stages && render(body))
        .finally(() => { cancel.disabled = false; });
    });
  }

  // --- the upload form ---------------------------------------------------------------

  const form = document.getElementById("upload-form");

  function setUpUpload() {
    const input = document.getElementById("files");
    const zone = document.getElementById("dropzone");
    const chosen = document.getElementById("chosen");
    const problem = document.getElementById("upload-problem");
    const limit = Number(form.dataset.limit || 0);
    let files = [];

    function sync() {
      const transfer = new DataTransfer();
      for (const file of files) transfer.items.add(file);
      input.files = transfer.files;
      chosen.replaceChildren();
      files.forEach((file, index) => {
        const item = document.createElement("li");
        const name = document.createElement("span");
        name.className = "chosen-name";
        name.textContent = file.name;
        const meta = document.createElement("span");
        meta.className = "muted";
        meta.textContent = size(file.size);
        const remove = document.createElement("button");
        remove.type = "button";
        remove.className = "small";
        remove.textContent = "Remove";
        remove.setAttribute("aria-label", `Remove ${file.name}`);
        remove.addEventListener("click", () => {
          files.splice(index, 1);
          sync();
          input.focus();
        });
        item.append(name, meta, remove);
        chosen.append(item);
      });
      chosen.hidden = files.length === 0;
      show(problem, "");
    }

    function add(list) {
      const known = new Set(files.map((file) => `${file.name}/${file.size}`));
      for (const file of list) {
        if (!known.has(`${file.name}/${file.size}`)) files.push(file);
      }
      sync();
    }

    input.addEventListener("change", () => {
      files = [];
      add(input.files);
    });
    for (const name of ["dragenter", "dragover"]) {
      zone.addEventListener(name, (event) => {
        event.preventDefault();
        zone.classList.add("is-over");
      });
    }
    for (const name of ["dragleave", "drop"]) {
      zone.addEventListener(name, () => zone.classList.remove("is-over"));
    }
    zone.addEventListener("drop", (event) => {
      event.preventDefault();
      add(event.dataTransfer.files);
    });
    // A file dropped beside the zone would make the browser open it and leave the page.
    document.addEventListener("dragover", (event) => event.preventDefault());
    document.addEventListener("drop", (event) => event.preventDefault());

    form.addEventListener("submit", (event) => {
      event.preventDefault();
      if (files.length === 0) {
        show(problem, "Choose or drop the files of the walkthrough first.");
        input.focus();
        return;
      }
      const total = files.reduce((sum, file) => sum + file.size, 0);
      if (limit && total > limit) {
        show(problem, `These files come to ${size(total)}, more than the limit of ${form.dataset.limitText}.`);
        return;
      }
      upload(new FormData(form), total);
    });
  }

  function upload(data, total) {
    const button = document.getElementById("upload-button");
    const box = document.getElementById("upload-progress");
    const bar = document.getElementById("upload-bar");
    const note = document.getElementById("upload-note");
    const problem = document.getElementById("upload-problem");
    button.disabled = true;
    box.hidden = false;
    show(problem, "");
    const request = new XMLHttpRequest();
    request.open("POST", "/api/v1/captures");
    request.setRequestHeader("X-CSRF-Token", csrf());
    request.setRequestHeader("Accept", "application/json");
    request.responseType = "json";
    request.upload.addEventListener("progress", (event) => {
      const known = event.lengthComputable ? event.total : total;
      bar.value = known ? Math.min(event.loaded / known, 1) : 0;
      note.textContent = `${size(event.loaded)} of ${size(known)}`;
    });
    request.upload.addEventListener("load", () => {
      note.textContent = "Uploaded; checking the files…";
    });
    request.addEventListener("load", () => {
      button.disabled = false;
      const body = request.response || {};
      if (request.status === 202) {
        bar.value = 1;
        form.hidden = true;
        box.hidden = true;
        job.hidden = false;
        render(body);
        follow(body.id);
        document.getElementById("job-heading").focus?.();
        return;
      }
      box.hidden = true;
      show(problem, body.detail || `The upload was refused (HTTP ${request.status}).`);
    });
    request.addEventListener("error", () => {
      button.disabled = false;
      box.hidden = true;
      show(problem, "The upload stopped: the connection to the server was lost. Try again.");
    });
    request.send(data);
  }

  if (form) setUpUpload();
  if (job && job.dataset.job) {
    const state = document.getElementById("stages").dataset.state;
    if (state === "queued" || state === "running") follow(job.dataset.job);
  }
})();
