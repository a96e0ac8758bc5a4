// Type-ahead for the header search box. Progressive enhancement: the form works without this file.
(() => {
    const form = document.querySelector("form[data-suggest]");
    if (!form || form.dataset.suggestReady) return;
    form.dataset.suggestReady = "1";
    const input = form.querySelector("input[name=q]");
    const list = form.querySelector(".search-suggestions");
    let timer = 0, controller = null;

    const hide = () => { list.hidden = true; list.replaceChildren(); input.setAttribute("aria-expanded", "false"); };

    input.addEventListener("input", () => {
        clearTimeout(timer);
        const q = input.value.trim();
        if (q.length < 2) { hide(); return; }
        timer = setTimeout(async () => {
            controller?.abort();
            controller = new AbortController();
            try {
                const response = await fetch(form.dataset.suggest + "?q=" + encodeURIComponent(q), { signal: controller.signal });
                if (!response.ok) { hide(); return; }
                const items = await response.json();
                list.replaceChildren(...items.map(item => {
                    const li = document.createElement("li");
                    li.setAttribute("role", "option");
                    const a = document.createElement("a");
                    a.href = item.url;
                    a.textContent = item.name; // text, never HTML
                    li.append(a);
                    return li;
                }));
                list.hidden = items.length === 0;
                input.setAttribute("aria-expanded", String(items.length > 0));
            } catch (e) {
                if (e.name !== "AbortError") hide();
            }
        }, 150);
    });
    input.addEventListener("keydown", e => {
        if (e.key === "Escape") hide();
        if (e.key === "ArrowDown" && !list.hidden) { e.preventDefault(); list.querySelector("a")?.focus(); }
    });
    list.addEventListener("keydown", e => {
        const links = [...list.querySelectorAll("a")];
        const i = links.indexOf(document.activeElement);
        if (e.key === "ArrowDown") { e.preventDefault(); links[Math.min(i + 1, links.length - 1)]?.focus(); }
        if (e.key === "ArrowUp") { e.preventDefault(); (i <= 0 ? input : links[i - 1]).focus(); }
        if (e.key === "Escape") { hide(); input.focus(); }
    });
    document.addEventListener("click", e => { if (!form.contains(e.target)) hide(); });
})();
