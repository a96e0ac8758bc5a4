// Admin pages only (AdminLayout). A button with data-copy="{id}" copies the value of the read-only input with
// that id. The clipboard is asked first; where it is refused (no permission, plain http, an old browser) the
// input is shown and selected, so Ctrl+C / long-press copies it. The button says what happened, and a
// polite live region next to it ([data-copy-status]) tells screen readers.
(() => {
    if (window.peakshopCopy) return;
    window.peakshopCopy = true;

    const say = (button, text) => {
        const status = button.parentElement?.querySelector("[data-copy-status]");
        if (status) status.textContent = text;
        clearTimeout(Number(button.dataset.timer || 0));
        if (text) {
            button.dataset.timer = String(setTimeout(() => say(button, ""), 2500));
        }
    };

    const select = field => {
        field.hidden = false;
        field.focus();
        field.select();
    };

    document.addEventListener("click", async event => {
        const button = event.target instanceof Element ? event.target.closest("button[data-copy]") : null;
        if (!button) return;
        const field = document.getElementById(button.dataset.copy);
        if (!(field instanceof HTMLInputElement)) return;
        event.preventDefault();
        try {
            if (!navigator.clipboard?.writeText) throw new Error("no clipboard");
            await navigator.clipboard.writeText(field.value);
            say(button, "Copied");
        } catch {
            select(field);
            say(button, "Press Ctrl+C to copy");
        }
    });
})();
