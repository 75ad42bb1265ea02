// Chat: Enter sends (Shift+Enter adds a line); after a message is answered, empty the box
// (kept on errors) and focus it again. After «Útil»/«No útil» htmx puts the focus back on the
// pressed button: the swapped form has buttons with the same ids.
document.addEventListener("keydown", function (event) {
  var box = event.target;
  if (event.key !== "Enter" || event.shiftKey || event.isComposing || !box.matches) {
    return;
  }
  if (!box.matches("#form-chat textarea")) {
    return;
  }
  event.preventDefault();
  if (box.value.trim() !== "") {
    box.form.requestSubmit();
  }
});

document.addEventListener("htmx:afterRequest", function (event) {
  var form = event.target.closest ? event.target.closest("#form-chat") : null;
  if (!form) {
    return;
  }
  if (event.detail.xhr && event.detail.xhr.status === 200) {
    form.reset();
  }
  var box = form.querySelector("textarea");
  if (box) {
    box.focus();
  }
});
