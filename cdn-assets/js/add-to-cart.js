// Add to cart without leaving the product page: posts the same form with fetch, shows a toast and updates the
// header's count. Progressive enhancement: without this file the form posts and the server redirects to /cart.
(() => {
    if (window.__addToCart) return;
    window.__addToCart = true;
    let timer = 0;

    // One polite live region, in the page before any message, so screen readers announce what is put in it.
    const region = document.createElement("div");
    region.className = "toast toast-cart";
    region.setAttribute("role", "status");
    region.hidden = true;
    document.body.append(region);

    const hide = () => { clearTimeout(timer); region.hidden = true; region.replaceChildren(); };
    region.addEventListener("keydown", e => { if (e.key === "Escape") hide(); });
    region.addEventListener("mouseenter", () => clearTimeout(timer));
    region.addEventListener("focusin", () => clearTimeout(timer));

    const element = (tag, className, text) => {
        const node = document.createElement(tag);
        if (className) node.className = className;
        if (text !== undefined) node.textContent = text; // text, never HTML
        return node;
    };
    const link = (href, text, className) => Object.assign(element("a", className, text), { href });

    // A title, a line under it, an optional picture and optional links, for eight seconds.
    const show = (title, line, picture, actions) => {
        const body = element("div", "toast-cart-body");
        if (picture?.currentSrc || picture?.src) {
            body.append(Object.assign(element("img"), { src: picture.currentSrc || picture.src, alt: "", width: 56, height: 56 }));
        }
        const text = element("p");
        text.append(element("strong", "", title), element("span", "", line));
        body.append(text);
        const close = element("button", "toast-cart-close", "×");
        close.type = "button";
        close.setAttribute("aria-label", "Close");
        close.addEventListener("click", hide);
        const parts = [body, close];
        if (actions) {
            const row = element("div", "toast-cart-actions");
            row.append(...actions);
            parts.push(row);
        }
        const fill = () => {
            region.replaceChildren(...parts);
            region.hidden = false;
            clearTimeout(timer);
            timer = setTimeout(hide, 8000);
        };
        // Blazor's enhanced navigation replaces the body's children, the region with them: put it back first, and
        // fill it a frame later, so a screen reader has seen the region before its message.
        if (region.isConnected) {
            fill();
        } else {
            document.body.append(region);
            requestAnimationFrame(fill);
        }
    };

    const updateCount = count => {
        for (const badge of document.querySelectorAll(".cart-count")) {
            badge.textContent = String(count);
            badge.setAttribute("aria-label", count + " items");
        }
    };

    // Delegated: the product page may arrive by enhanced navigation, after this script ran.
    document.addEventListener("submit", async e => {
        const form = e.target;
        if (!(form instanceof HTMLFormElement) || !form.matches("form.add-to-cart")) return;
        e.preventDefault();
        const button = form.querySelector("button[type=submit]");
        if (button) button.disabled = true;
        try {
            const response = await fetch(form.action, {
                method: "POST",
                body: new FormData(form),
                headers: { "Accept": "application/json" },
                credentials: "same-origin",
            });
            if (response.ok) {
                updateCount((await response.json()).count);
                const page = form.closest(".product") || document;
                show("Added to your cart", page.querySelector("h1")?.textContent.trim() ?? "", page.querySelector(".gallery img"),
                    [link("/cart", "View cart", "button button-secondary button-small"), link("/checkout", "Check out", "button button-small")]);
                return;
            }
            if (response.status === 422) {
                // The product page explains the refusal (stock, quantity).
                location.assign((await response.json()).location);
                return;
            }
            if (response.status === 429) {
                // Posting the form again would only be refused again: say so here (the problem's detail).
                show("Not added", (await response.json()).detail ?? "Too many attempts. Try again in a few minutes.");
                return;
            }
            form.submit();
        } catch {
            form.submit();
        } finally {
            if (button) button.disabled = false;
        }
    });
})();
