using Microsoft.Playwright;

namespace PeakShop.EndToEnd.Tests.Responsive;

/// <summary>
/// What "fits the screen" means for a shopper page, measured in the browser. Each check returns its problems as
/// sentences a person can act on (empty when the page passes), so one test can report every problem of a page at once.
/// </summary>
internal static class LayoutChecks
{
    /// <summary>
    /// The page must not scroll sideways: the document is no wider than the viewport. On failure it names the
    /// element that reaches furthest right (outermost first), since that is where the fix goes.
    /// </summary>
    public static async Task<IReadOnlyList<string>> HorizontalScrollAsync(IPage page, int viewportWidth)
    {
        var found = await page.EvaluateAsync<Overflow>(OverflowScript, viewportWidth);
        if (found.ScrollWidth <= viewportWidth)
        {
            return [];
        }
        var widest = found.Offenders.Length == 0
            ? "no single element reaches past the viewport (a margin or a transform may)"
            : $"widest offending element: {found.Offenders[0]}";
        var others = found.Offenders.Length > 1 ? $"; also {string.Join("; ", found.Offenders.Skip(1))}" : "";
        return [$"horizontal scroll: the document is {found.ScrollWidth} px wide in a {viewportWidth} px viewport " +
            $"(innerWidth {found.InnerWidth}, clientWidth {found.ClientWidth}); {widest}{others}"];
    }

    /// <summary>
    /// Every visible control of the page header (<c>header a, button, input, select, summary</c>) lies inside the
    /// viewport horizontally, and the essential ones are there and visible: the brand link and the cart link always; the
    /// search box, its submit button and the account link either visible or inside a closed <c>&lt;details&gt;</c> drawer
    /// whose <c>&lt;summary&gt;</c> is visible and inside the viewport.
    /// </summary>
    public static async Task<IReadOnlyList<string>> HeaderControlsAsync(IPage page, int viewportWidth) =>
        (await page.EvaluateAsync<string[]>(HeaderScript, viewportWidth)).Select(p => "header: " + p).ToList();

    // Filled by Playwright from the script's result: it needs a parameterless constructor and setters.
    private sealed class Overflow
    {
        public int ScrollWidth { get; set; }
        public int InnerWidth { get; set; }
        public int ClientWidth { get; set; }
        public string[] Offenders { get; set; } = [];
    }

    // Shared by both scripts: a short CSS path (last four steps) and a label a person recognises.
    private const string DescribeFunctions = """
        const step = el => {
          let s = el.localName;
          if (el.id) s += '#' + CSS.escape(el.id);
          for (const c of [...el.classList].slice(0, 3)) s += '.' + CSS.escape(c);
          return s;
        };
        const path = el => {
          const steps = [];
          for (let e = el; e && e !== document.body && e !== document.documentElement && steps.length < 4; e = e.parentElement) steps.unshift(step(e));
          return steps.join(' > ');
        };
        const label = el => {
          const text = (el.getAttribute('aria-label') || el.innerText || el.value || el.getAttribute('placeholder') || '').trim().replace(/\s+/g, ' ').slice(0, 40);
          const href = el.getAttribute('href');
          return `${path(el)}${text ? ` "${text}"` : ''}${href ? ` (href ${href})` : ''}`;
        };
        """;

    private const string OverflowScript = "width => {" + DescribeFunctions + """
          const root = document.documentElement;
          const found = { scrollWidth: root.scrollWidth, innerWidth: window.innerWidth, clientWidth: root.clientWidth, offenders: [] };
          if (root.scrollWidth <= width) return found;
          // A fixed box, or one inside a box that clips or scrolls sideways, cannot widen the document. "Inside" follows
          // containing blocks: an absolute box (a visually hidden label) escapes a scrolling ancestor that is not
          // positioned, and then it does widen the page.
          const cannotWiden = el => {
            const own = getComputedStyle(el).position;
            if (own === 'fixed') return true;
            let absolute = own === 'absolute';
            for (let a = el.parentElement; a && a !== document.body && a !== root; a = a.parentElement) {
              const s = getComputedStyle(a);
              if (s.position === 'fixed') return true;
              if (absolute && s.position === 'static' && s.transform === 'none') continue;
              if (s.overflowX !== 'visible') return true;
              absolute = s.position === 'absolute';
            }
            return false;
          };
          const offenders = [];
          for (const el of document.body.querySelectorAll('*')) {
            const r = el.getBoundingClientRect();
            if (r.right + window.scrollX > width + 0.5 && (r.width > 0 || r.height > 0) && !cannotWiden(el)) {
              offenders.push({ el, right: r.right + window.scrollX, width: r.width });
            }
          }
          // The outermost offenders only (a table, not its rows and cells); furthest right first, then document order.
          const past = new Set(offenders.map(o => o.el));
          offenders.splice(0, offenders.length, ...offenders.filter(o => !past.has(o.el.parentElement)));
          offenders.sort((a, b) => Math.round(b.right) - Math.round(a.right));
          found.offenders = offenders.slice(0, 5).map(o => `${label(o.el)} (right edge ${Math.round(o.right)} px, ${Math.round(o.width)} px wide)`);
          return found;
        }
        """;

    private const string HeaderScript = "width => {" + DescribeFunctions + """
          const problems = [];
          const rect = el => el.getBoundingClientRect();
          // Rendered and bigger than the 1 px of a visually-hidden element.
          const shown = el => el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true }) && rect(el).width > 1 && rect(el).height > 1;
          const inside = el => rect(el).left >= -0.5 && rect(el).right <= width + 0.5;
          // The closed <details> that hides el (el is not in that drawer's own summary), or null.
          const closedDrawer = el => {
            for (let d = el.parentElement && el.parentElement.closest('details'); d; d = d.parentElement && d.parentElement.closest('details')) {
              const summary = d.querySelector(':scope > summary');
              if (!d.open && !(summary && summary.contains(el))) return d;
            }
            return null;
          };

          const controls = [...document.querySelectorAll('header a, header button, header input, header select, header summary')]
            .filter(el => el.type !== 'hidden');
          for (const el of controls) {
            if (shown(el) && !inside(el)) {
              problems.push(`${label(el)} is outside the ${width} px viewport (x ${Math.round(rect(el).left)} to ${Math.round(rect(el).right)} px)`);
            }
          }

          const search = document.querySelector('header input[name="q"]');
          const searchButtons = search && search.form
            ? [...search.form.querySelectorAll('button:not([type]), button[type="submit"], input[type="submit"], input[type="image"]')]
            : [];
          const essentials = [
            { name: 'the brand link (a[href="/"])', candidates: [...document.querySelectorAll('header a[href="/"]')], drawerAllowed: false },
            { name: 'the search box (input[name="q"])', candidates: search ? [search] : [], drawerAllowed: true },
            { name: 'the search submit button', candidates: searchButtons, drawerAllowed: true },
            { name: 'the account link (a[href^="/account"])', candidates: [...document.querySelectorAll('header a[href^="/account"]')], drawerAllowed: true },
            { name: 'the cart link (a[href="/cart"])', candidates: [...document.querySelectorAll('header a[href="/cart"]')], drawerAllowed: false },
          ];
          for (const essential of essentials) {
            if (essential.candidates.length === 0) {
              problems.push(`${essential.name} is missing from the header`);
              continue;
            }
            // One in sight, or one already reported above as outside the viewport.
            if (essential.candidates.some(el => shown(el))) continue;
            if (essential.drawerAllowed && essential.candidates.some(el => {
              const drawer = closedDrawer(el);
              const summary = drawer && drawer.querySelector(':scope > summary');
              return summary && shown(summary) && inside(summary);
            })) continue;
            const first = essential.candidates[0];
            const why = !closedDrawer(first) ? 'is not visible'
              : essential.drawerAllowed ? 'is in a closed drawer whose <summary> is not in sight' : 'is hidden in a closed drawer (it must stay in sight)';
            problems.push(`${essential.name} ${why}: ${label(first)}`);
          }
          return problems;
        }
        """;
}
