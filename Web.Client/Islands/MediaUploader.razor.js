// Drag-and-drop and file-picker uploads with real upload progress (XMLHttpRequest reports bytes sent;
// fetch does not). One request per file, so one refused file never costs the others.
const attached = new WeakMap();
let nextId = 1;

export function attach(zone, input, component, options) {
    const plainForm = document.querySelector('[data-plain-upload]');
    if (plainForm) {
        plainForm.hidden = true;
    }
    const send = files => {
        for (const file of files) {
            upload(file, component, options);
        }
    };
    const handlers = {
        dragenter: e => { e.preventDefault(); component.invokeMethodAsync('Dragging', true); },
        dragover: e => { e.preventDefault(); e.dataTransfer.dropEffect = 'copy'; },
        dragleave: e => { if (!zone.contains(e.relatedTarget)) { component.invokeMethodAsync('Dragging', false); } },
        drop: e => {
            e.preventDefault();
            component.invokeMethodAsync('Dragging', false);
            send(e.dataTransfer.files);
        },
    };
    for (const [name, handler] of Object.entries(handlers)) {
        zone.addEventListener(name, handler);
    }
    const change = () => { send(input.files); input.value = ''; };
    input.addEventListener('change', change);
    attached.set(zone, () => {
        for (const [name, handler] of Object.entries(handlers)) {
            zone.removeEventListener(name, handler);
        }
        input.removeEventListener('change', change);
    });
}

export function detach(zone) {
    attached.get(zone)?.();
    attached.delete(zone);
}

function upload(file, component, options) {
    const id = nextId++;
    component.invokeMethodAsync('Queued', id, file.name, file.size);
    const body = new FormData();
    body.append(options.tokenField, options.token);
    body.append('file', file, file.name);
    const request = new XMLHttpRequest();
    let last = 0;
    request.upload.addEventListener('progress', e => {
        const now = performance.now();
        if (e.lengthComputable && (now - last > 100 || e.loaded === e.total)) {
            last = now;
            component.invokeMethodAsync('Progress', id, e.loaded, e.total);
        }
    });
    request.addEventListener('load', () => component.invokeMethodAsync('Completed', id, request.status, request.responseText));
    request.addEventListener('error', () => component.invokeMethodAsync('Completed', id, 0, ''));
    request.open('POST', options.url);
    request.setRequestHeader('Accept', 'application/json');
    request.send(body);
}
