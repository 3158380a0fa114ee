// Progressive enhancement: "Copy" buttons copy the text they name. Without JavaScript the
// secret is still on the page to select by hand.
document.querySelectorAll('[data-copy]').forEach((button) => {
  button.addEventListener('click', async () => {
    const target = document.getElementById(button.getAttribute('data-copy'));
    if (!target) return;
    try {
      await navigator.clipboard.writeText(target.textContent.trim());
      button.textContent = '✓';
    } catch {
      window.getSelection().selectAllChildren(target);
    }
  });
});
