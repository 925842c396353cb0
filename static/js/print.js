// Buttons marked data-print open the browser's print dialog (no inline handlers: the
// Content-Security-Policy allows scripts from files only).
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) window.print();
});
