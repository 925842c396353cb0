// A page the server sent back with errors marks each field to correct aria-invalid="true".
// The first one takes the keyboard focus, scrolled into view with its label and message, so a
// keyboard, screen-reader or phone user lands on what to correct. One script for every form:
// the CSP allows no inline script, and an autofocus attribute is ignored at a #fragment.
(() => {
  const first = document.querySelector('[aria-invalid="true"]:not([disabled])');
  if (!first) return;
  // The field's label, hint and messages are in its wrapper (a radio group's is its fieldset).
  const block = first.closest(".field, fieldset, .question") || first;

  const land = () => {
    first.focus({ preventScroll: true });
    // "nearest" leaves a field already in sight where the #fragment put it; a block taller
    // than the screen is aligned by its top, where the label is.
    block.scrollIntoView({ block: "nearest", inline: "nearest" });
  };
  land();

  // Until the person acts, the focus is taken back from what the browser does on its own once
  // the page has rendered: for a #fragment (the form's section) Chromium clears it, or gives it
  // to the section. (Another field's autofocus does not take it: it yields to a focused field.)
  let acted = false;
  const act = () => { acted = true; };
  document.addEventListener("keydown", act, { capture: true, once: true });
  document.addEventListener("pointerdown", act, { capture: true, once: true });
  const unasked = (node) => !node || node === document.body || node === document.querySelector(":target");
  first.addEventListener("blur", () => {
    window.setTimeout(() => {
      if (!acted && unasked(document.activeElement)) land();
    });
  });
})();
