#!/usr/bin/env python3
"""slow.py PORT N SECONDS -- N slow clients against 127.0.0.1:PORT.

Opens N connections that each send an incomplete request, one header byte
at a time, for SECONDS seconds, while checking once a second that
GET /health still answers promptly on a fresh connection. Prints the
slowest /health answer and exits 1 if one failed or took over 2 s. Only
ever connects to 127.0.0.1; bounded in count and time."""
import socket, sys, time

def main(argv):
    port, n, seconds = int(argv[0]), int(argv[1]), float(argv[2])
    socks = []
    for _ in range(n):
        s = socket.create_connection(("127.0.0.1", port), timeout=5)
        s.sendall(b"GET /stories HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        socks.append(s)
    print(f"slow: {len(socks)} connections open")
    worst, failures, checks = 0.0, 0, 0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        for s in socks:
            try:
                s.send(b"a")
            except OSError:
                pass  # the server may drop idle ones after its timeout
        t0 = time.monotonic()
        try:
            c = socket.create_connection(("127.0.0.1", port), timeout=5)
            c.sendall(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            data = c.recv(4096)
            c.close()
            ok = b" 200 " in data.split(b"\r\n", 1)[0]
        except OSError:
            ok = False
        dt = time.monotonic() - t0
        worst = max(worst, dt)
        checks += 1
        failures += (not ok) or dt > 2.0
        time.sleep(1)
    for s in socks:
        s.close()
    print(f"slow: {checks} health checks during the slow clients, {failures} failed, slowest {worst * 1000:.1f} ms")
    sys.exit(1 if failures else 0)

if __name__ == "__main__":
    main(sys.argv[1:])
