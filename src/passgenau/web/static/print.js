// A "Drucken" button (data-print) opens the browser's print dialog; no inline script,
// so the Content-Security-Policy can stay at script-src 'self'.
document.addEventListener("click", (event) => {
  if (event.target instanceof Element && event.target.closest("[data-print]")) {
    window.print();
  }
});
