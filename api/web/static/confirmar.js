// Decisions that notify someone or cannot be undone (approve, return, archive) ask first:
// a submit button with data-confirmar="question" submits only after «Aceptar». A button with
// data-progreso="text" shows that text while the page works (publishing checks every FAQ).
document.addEventListener("submit", function (event) {
  var button = event.submitter;
  var question = button && button.getAttribute("data-confirmar");
  if (question && !window.confirm(question)) {
    event.preventDefault();
    return;
  }
  var progress = button && button.getAttribute("data-progreso");
  if (progress && !event.defaultPrevented) {
    var note = document.createElement("p");
    note.className = "progreso";
    note.setAttribute("role", "status");
    note.textContent = progress;
    event.target.appendChild(note);
    event.target.setAttribute("aria-busy", "true");
    // disabled after the browser has read the pressed button's value
    window.setTimeout(function () {
      event.target.querySelectorAll("button").forEach(function (b) { b.disabled = true; });
    }, 0);
  }
}, true);
