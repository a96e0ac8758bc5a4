// Add to cart without leaving the product page: posts the same form with fetch, shows a toast and updates the
// header's count. Progressive enhancement: without this file the form posts and the server redirects to /cart.
(() => {
    if (window.__addToCart) return;
    window.__addToCart = true;
    let region = null, timer = 0;

    // One polite live region, created before any message, so screen readers announce what is put in it.
    const toast = () => {
        if (region) return region;
        region = document.createElement("div");
        region.className = "toast toast-cart";
        region.setAttribute("role", "status");
        region.hidden = true;
        region.addEventListener("keydown", e => { if (e.key === "Escape") hide(); });
        region.addEventListener("mouseenter", () => clearTimeout(timer));
        region.addEventListener("focusin", () => clearTimeout(timer));
        document.body.append(region);
        return region;
    };
    const hide = () => { clearTimeout(timer); if (region) { region.hidden = true; region.replaceChildren(); } };
    const link = (href, text, className) => {
        const a = document.createElement("a");
        a.href = href; a.textContent = text; a.className = className;
        return a;
    };

    const show = (form, result) => {
        const box = toast();
        const page = form.closest(".product") || document;
        const name = page.querySelector("h1")?.textContent.trim() ?? "";
        const picture = page.querySelector(".gallery img");
        const body = document.createElement("div");
        body.className = "toast-cart-body";
        if (picture?.currentSrc || picture?.src) {
            const img = document.createElement("img");
            img.src = picture.currentSrc || picture.src;
            img.alt = ""; img.width = 56; img.height = 56;
            body.append(img);
        }
        const text = document.createElement("p");
        const title = document.createElement("strong");
        title.textContent = "Added to your cart";
        const product = document.createElement("span");
        product.textContent = name; // text, never HTML
        text.append(title, product);
        body.append(text);
        const close = document.createElement("button");
        close.type = "button";
        close.className = "toast-cart-close";
        close.setAttribute("aria-label", "Close");
        close.textContent = "×";
        close.addEventListener("click", hide);
        const actions = document.createElement("div");
        actions.className = "toast-cart-actions";
        actions.append(link(result.cartUrl, "View cart", "button button-secondary button-small"),
            link(result.checkoutUrl, "Check out", "button button-small"));
        box.replaceChildren(body, close, actions);
        box.hidden = false;
        clearTimeout(timer);
        timer = setTimeout(hide, 8000);
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
                const result = await response.json();
                updateCount(result.count);
                show(form, result);
                return;
            }
            if (response.status === 422) {
                // The product page explains the refusal (stock, quantity).
                location.assign((await response.json()).location);
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
