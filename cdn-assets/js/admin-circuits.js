// Admin pages only (AdminLayout). An Interactive Server circuit lives in one replica's memory; this script
// lets its state move instead (ADR 8):
// - a tab hidden for a while pauses its circuit: the server hands the protected state to the browser and
//   forgets the circuit; when the tab is visible again it resumes on whichever replica answers;
// - a replica that is stopping calls pauseForRestart() in every connected tab; the tab resumes as soon as a
//   replica answers again (retrying while none does), with the unsaved form intact.
// document.documentElement.dataset.circuit says where it stands: paused, resuming, connected, lost.
(() => {
    if (window.peakshopCircuits) return;
    const script = document.currentScript;
    const idleMs = Number(script?.dataset.idlePauseMs ?? 30000);
    const show = state => { document.documentElement.dataset.circuit = state; };
    let idleTimer = 0;
    let paused = false;
    let pausing = null;
    let resuming = false;

    function pause() {
        if (paused || !window.Blazor?.pauseCircuit) return Promise.resolve(false);
        pausing ??= (async () => {
            try {
                paused = await Blazor.pauseCircuit();
            } catch {
                paused = false;
            }
            if (paused) show("paused");
            pausing = null;
            return paused;
        })();
        return pausing;
    }

    async function resume() {
        if (pausing) await pausing;
        if (!paused || resuming) return;
        resuming = true;
        show("resuming");
        for (let delay = 200; paused && document.visibilityState === "visible"; delay = Math.min(delay * 2, 3000)) {
            try {
                // A stopping replica answers 503 here, so this lands on another one.
                if (await Blazor.resumeCircuit()) {
                    show("connected");
                } else {
                    // A replica answered but could not resume (state expired): the framework's dialog offers a reload.
                    show("lost");
                }
                paused = false;
            } catch {
                // No replica answered yet (a rolling restart in progress): try again shortly.
                await new Promise(done => setTimeout(done, delay));
            }
        }
        resuming = false;
        if (paused) show("paused");
    }

    document.addEventListener("visibilitychange", () => {
        clearTimeout(idleTimer);
        if (document.visibilityState === "hidden") {
            idleTimer = setTimeout(pause, idleMs);
        } else {
            resume();
        }
    });

    window.peakshopCircuits = {
        // Called by the server (LiveCircuits) as its process stops. Returns at once: the pause ends this
        // connection, so the server learns of it when the circuit closes, not from this call's result.
        pauseForRestart() {
            setTimeout(async () => {
                if (await pause()) resume();
            }, 0);
        },
    };
})();
