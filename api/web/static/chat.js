// Chat: after a message is answered, empty the box (kept on errors) and focus it again.
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
