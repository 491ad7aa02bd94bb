// The work instruction editor's rows, moved, added and removed in the page: each row's
// inputs (its chosen screenshot included) move with it, so nothing is renumbered but the
// legends. Without this script the same buttons post the form and the server does it.
(() => {
  const rows = () => document.getElementById("wi-rows");

  function renumber() {
    rows().querySelectorAll(".wi-row").forEach((row, index) => {
      const legend = row.querySelector(".wi-num");
      if (legend) legend.textContent = `Action ${index + 1}`;
    });
    document.body.dispatchEvent(new Event("wi-changed", { bubbles: true }));
  }

  function nextKey() {
    let highest = 0;
    rows().querySelectorAll(".wi-row").forEach((row) => {
      highest = Math.max(highest, Number(row.dataset.key.slice(1)) || 0);
    });
    return `r${highest + 1}`;
  }

  function addRow() {
    const template = document.getElementById("wi-row-template");
    const holder = document.createElement("ol");
    holder.innerHTML = template.innerHTML.replaceAll("__KEY__", nextKey());
    const row = holder.firstElementChild;
    rows().appendChild(row);
    renumber();
    row.querySelector("input[name^=action-]").focus();
  }

  function act(button) {
    const row = button.closest(".wi-row");
    const how = button.dataset.move;
    if (how === "up" && row.previousElementSibling) {
      row.parentNode.insertBefore(row, row.previousElementSibling);
    } else if (how === "down" && row.nextElementSibling) {
      row.parentNode.insertBefore(row.nextElementSibling, row);
    } else if (how === "remove") {
      const next = row.nextElementSibling || row.previousElementSibling;
      row.remove();
      renumber();
      const focus = next ? next.querySelector("[data-move=remove]") : document.getElementById("wi-add");
      if (focus) focus.focus();
      return;
    }
    renumber();
    button.focus();
  }

  document.addEventListener("click", (event) => {
    const button = event.target.closest("button");
    if (!button || !rows() || !button.form || button.form.id !== "wi-form") return;
    if (button.id === "wi-add") {
      event.preventDefault();
      addRow();
    } else if (button.dataset.move) {
      event.preventDefault();
      act(button);
    }
  });
})();
