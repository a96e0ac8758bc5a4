vcl 4.1;

# The CDN edge (compose.yaml): caches static, fingerprinted bytes in front of the origin and marks
# each response X-Cache: HIT or MISS. Pages, forms and /admin are a synthetic 404 (only nginx serves them). Same rules as the local edge
# (deploy/local/varnish.vcl.template; ADR 10): cookies dropped for assets and /media/, the origin's
# Cache-Control decides the TTL, one copy per normalized Accept-Encoding (varnishd runs with
# http_gzip_support=off, see compose.yaml), 404s kept for 10 s, PURGE one URL and BAN a prefix
# from the app network only.

# The origin is the load balancer, one address. (Varnish refuses a backend whose name resolves to
# several addresses, as the scaled `web` service does.)
backend origin {
    .host = "nginx";
    .port = "80";
    .probe = {
        .url = "/nginx-health";
        .interval = 5s;
        .timeout = 2s;
        .window = 5;
        .threshold = 3;
    }
}

# PURGE and BAN only from the app network (web and jobs publish and unpublish media), never from
# outside: its gateway is where traffic to the published port arrives from the host.
acl purgers {
    "localhost";
    "172.28.0.0"/24;
    ! "172.28.0.1";
}

sub vcl_recv {
    if (req.url == "/varnish-health") {
        return (synth(200, "OK"));
    }
    # BAN /media/abc/ drops every cached URL under that prefix (matched literally).
    if (req.method == "BAN") {
        if (client.ip !~ purgers) {
            return (synth(405, "BAN not allowed"));
        }
        ban("obj.http.X-Url ~ ^" + regsuball(req.url, "([][\\.^$|?*+(){}])", "\\\1"));
        return (synth(200, "Banned"));
    }
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(405, "PURGE not allowed"));
        }
        return (purge);
    }
    # The edge serves files, never forms: no other method reaches the origin through it.
    if (req.method != "GET" && req.method != "HEAD") {
        return (synth(404, "Not Found"));
    }
    # The public catalog API (ADR 21): the same JSON for every caller, so cached by URL with every credential and
    # cookie dropped (a key or token must neither split the cache nor reach the origin through the edge). The
    # origin's Cache-Control (public, max-age=30) bounds staleness; carts, orders, accounts and staff stay off the edge.
    if (req.url ~ "^/api/v1/(products|categories|search)(/|\?|$)" && req.url !~ "^/api/v1/products/lookup") {
        unset req.http.Cookie;
        unset req.http.Authorization;
        unset req.http.X-Api-Key;
        unset req.http.Accept-Encoding;
        return (hash);
    }
    # The app's own areas never, whatever the URL ends with (/admin/x.css is no asset). Static web assets
    # live in any folder (Web.Client's /Islands/*.razor.js), so the file extension below decides the rest.
    if (req.url ~ "^/(admin|account|cart|checkout|_blazor|healthz|metrics|p|c|search)(/|\?|$)") {
        return (synth(404, "Not Found"));
    }
    # Blazor's own endpoints under /_framework/ answer per request (enhanced-navigation redirects).
    if (req.url ~ "^/_framework/opaque-redirect") {
        return (pass);
    }
    # Static assets are the same for everyone: drop cookies so they can be cached.
    if (req.url ~ "^/(_framework|_content|css|js|img|fonts|media)/" || req.url ~ "^/[^?]*\.(css|js|mjs|map|wasm|dat|svg|png|jpe?g|webp|avif|gif|ico|woff2?|ttf)(\?.*)?$") {
        unset req.http.Cookie;
        unset req.http.Authorization;
        if (req.http.Accept-Encoding ~ "(^|[ ,])br($|[ ,;])") {
            set req.http.Accept-Encoding = "br";
        } elsif (req.http.Accept-Encoding ~ "(^|[ ,])gzip($|[ ,;])") {
            set req.http.Accept-Encoding = "gzip";
        } else {
            unset req.http.Accept-Encoding;
        }
        return (hash);
    }
    # Pages (/, /p/, /cart, /account, /admin, /_blazor) and everything else: only through the load balancer, never the
    # edge, whose address is public and caches by URL alone.
    return (synth(404, "Not Found"));
}

# One site: the URL alone names an object, so a purge from inside the network matches what
# browsers fetched through localhost:8081.
sub vcl_hash {
    hash_data(req.url);
    return (lookup);
}

sub vcl_backend_response {
    if (bereq.url ~ "^/(_framework|_content|css|js|img|fonts|media)/" || bereq.url ~ "^/[^?]*\.(css|js|mjs|map|wasm|dat|svg|png|jpe?g|webp|avif|gif|ico|woff2?|ttf)(\?.*)?$") {
        unset beresp.http.Set-Cookie;
        # For BAN: bans test stored objects, so the URL travels with the object (removed on delivery).
        set beresp.http.X-Url = bereq.url;
        if (beresp.status == 404) {
            set beresp.ttl = 10s;
            set beresp.grace = 0s;
            return (deliver);
        }
    }
    if (bereq.url ~ "^/api/") {
        unset beresp.http.Set-Cookie;
        if (beresp.status != 200 || beresp.http.Cache-Control !~ "public") {
            # A problem answer (400, 404) is not cached: the next request asks the origin again.
            set beresp.ttl = 0s;
            set beresp.uncacheable = true;
            return (deliver);
        }
        # Stale JSON for at most another 30 s while the origin refetches (prices must not linger).
        set beresp.grace = 30s;
        return (deliver);
    }
    # Keep serving a stale copy for a while if the origin is down.
    set beresp.grace = 1h;
}

sub vcl_deliver {
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    set resp.http.X-Cache-Hits = obj.hits;
    unset resp.http.X-Url;
}
