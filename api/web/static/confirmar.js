// Decisions that notify someone or cannot be undone (approve, return, archive) ask first:
// a submit button with data-confirmar="question" submits only after «Aceptar».
document.addEventListener("submit", function (event) {
  var button = event.submitter;
  var question = button && button.getAttribute("data-confirmar");
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
}, true);
