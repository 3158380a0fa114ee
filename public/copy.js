// Progressive enhancement: "Copy" buttons copy the text they name. Without JavaScript they stay
// hidden, and the value is still on the page to select by hand (one click selects all of it).
document.querySelectorAll('[data-copy]').forEach((button) => {
  const target = document.getElementById(button.getAttribute('data-copy'));
  if (!target) return;
  button.hidden = false;
  button.addEventListener('click', async () => {
    const value = ('value' in target && target.tagName === 'INPUT' ? target.value : target.textContent).trim();
    try {
      await navigator.clipboard.writeText(value);
      button.textContent = '✓';
    } catch {
      window.getSelection().selectAllChildren(target);
    }
  });
});
