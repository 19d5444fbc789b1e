"""Container health check: GET http://127.0.0.1:8000/healthz, exit 0 only on HTTP 200.

Used by the Dockerfile's HEALTHCHECK and by compose.yaml. Standard library only, so that it
costs no Django start-up. /healthz answers 503 when the database, the cache, the broker or the
search backend is unreachable, which urllib raises as an HTTPError (the portal still serves
pages without the cache: an orchestrator should alert on it rather than replace the container).

The request carries a Host header taken from ALLOWED_HOSTS (first entry): Django answers 400
to a Host it does not allow, so probing "127.0.0.1" would fail on a deployment whose
ALLOWED_HOSTS is, say, "portal.example.org". /healthz is exempt from SECURE_SSL_REDIRECT.
"""

import os
import sys
import urllib.error
import urllib.request

PORT = os.environ.get("HEALTHCHECK_PORT", "8000")
TIMEOUT = float(os.environ.get("HEALTHCHECK_TIMEOUT", "8"))


def probe_host():
    hosts = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h.strip()]
    host = hosts[0] if hosts else "localhost"
    # ".example.org" allows example.org and its subdomains; "*" allows anything.
    host = host.lstrip(".")
    return "localhost" if host in ("", "*") else host


def main():
    request = urllib.request.Request(
        f"http://127.0.0.1:{PORT}/healthz", headers={"Host": probe_host()}
    )
    try:
        # The URL is fixed (loopback, http), never user input, hence the S310 exemption.
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
            return 0 if response.status == 200 else 1
    except urllib.error.HTTPError as exc:
        # Print the JSON report: `docker inspect` keeps the output of the last checks.
        print(f"healthz answered {exc.code}: {exc.read(2000).decode(errors='replace')}")
    except Exception as exc:  # noqa: BLE001 - connection refused, timeout, ...
        print(f"healthz unreachable: {type(exc).__name__}: {exc}")
    return 1


if __name__ == "__main__":
    sys.exit(main())
