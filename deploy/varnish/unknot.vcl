# Varnish in front of the Unknot app servers (used by `make cluster`; a production
# proxy starts from the same file with its own backend addresses).
#
# - Anonymous readers share one cached copy of each public page: cookies are stripped
#   on the way in for every URL that is not per-visitor, and the app decides how long a
#   page may be kept (Cache-Control s-maxage, stale-while-revalidate).
# - Per-visitor URLs (cart, checkout, account, orders, admin, the visitor endpoint,
#   the Stripe webhook, attribution beacons) always go to an app server.
# - PURGE is accepted only from the app servers (Wagtail's frontend cache).
# - A dead app server costs at most the requests in flight: health probes take it out
#   of the rotation within seconds, and a failed fetch is retried once on the other.
vcl 4.1;

import directors;

probe healthz {
    .url = "/healthz";
    .interval = 1s;
    .timeout = 1s;
    .window = 3;
    .threshold = 2;
}

backend app_a {
    .host = "127.0.0.1";
    .port = "8001";
    .probe = healthz;
    .connect_timeout = 1s;
    .first_byte_timeout = 30s;
}

backend app_b {
    .host = "127.0.0.1";
    .port = "8002";
    .probe = healthz;
    .connect_timeout = 1s;
    .first_byte_timeout = 30s;
}

acl app_servers {
    "127.0.0.1";
    "::1";
}

sub vcl_init {
    new apps = directors.round_robin();
    apps.add_backend(app_a);
    apps.add_backend(app_b);
}

sub vcl_recv {
    set req.backend_hint = apps.backend();

    if (req.method == "PURGE") {
        if (!client.ip ~ app_servers) {
            return (synth(405, "PURGE is not allowed from here."));
        }
        return (purge);
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.url ~ "^/(cart|checkout|account|accounts|orders|admin|django-admin|stripe|attribution)(/|$)"
        || req.url ~ "^/visitor\.json") {
        return (pass);
    }
    if (req.http.Authorization) {
        return (pass);
    }
    # Public pages are the same for every reader; per-visitor bits come from
    # /visitor.json. Dropping the cookies lets everyone share the cached copy.
    unset req.http.Cookie;
    return (hash);
}

sub vcl_backend_fetch {
    # A retried fetch goes to the next app server in the rotation.
    if (bereq.retries > 0) {
        set bereq.backend = apps.backend();
    }
}

sub vcl_backend_response {
    # Keep pages past their time to live for a while: served stale while one request
    # refreshes them, or while every app server is down.
    if (beresp.grace < 1h) {
        set beresp.grace = 1h;
    }
    if (beresp.status >= 500 && bereq.method == "GET" && bereq.retries < 1) {
        return (retry);
    }
}

sub vcl_backend_error {
    if (bereq.retries < 1) {
        return (retry);
    }
}

sub vcl_deliver {
    if (obj.hits > 0) {
        set resp.http.X-Proxy-Cache = "HIT";
    } else {
        set resp.http.X-Proxy-Cache = "MISS";
    }
}
