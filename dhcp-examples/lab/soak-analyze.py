#!/usr/bin/env python3
"""Helper of failover-soak.sh (same directory): HA state over a control socket, per-round analysis of the DHCPACKs
captured at the relay against the servers' lease files, and the final summary.

  soak-analyze.py state SOCKET
      The local HA state from status-get over a Kea-style unix control socket (Kea and Leasehold answer the same
      shape), or "down" when nothing answers within 2 s.

  soak-analyze.py round --acks FILE --start T --fault T --fault-end T --end T --mode M --faulted A|B
                        --a-ip IP --b-ip IP --a-impl kea|lh --b-impl kea|lh --fault-kind K
                        --leases-a CSV --leases-b CSV [--requests FILE]
      FILE: every DHCPACK captured so far for this pair (tab separated: epoch, mac, yiaddr, lease-time, server-id
      and, optionally, xid), all rounds, so that a lease handed out in an earlier round and still valid counts.
      --requests: every DHCPREQUEST captured so far (epoch, mac, xid, destination address). A client reckons its
      lease from the moment it sent the REQUEST that the ACK answers (RFC 2131 section 4.4.1), so a lease ends at
      that REQUEST's time plus the lease time; without a matching REQUEST (same MAC, xid and server, at most 60 s
      before the ACK) it ends at the ACK's time plus the lease time, which is later. A lease runs [ack, end).
      Prints one line of key=value pairs:
        acks          ACKs captured in this round (start..end)
        acks_a/acks_b of them, sent by A / by B
        dup           double allocations found in this round: an address ACKed to a MAC while another MAC's lease on
                      it, [ack, end), was still running (the later ACK lies in this round); each
                      (address, earlier MAC, later MAC) counts once
        dup_kea_known of them, the ones Kea 2.2 is documented to make (kea-ha-protocol.md section 16): a frozen Kea
                      finishing, within 1 s of SIGCONT, an exchange queued before the SIGSTOP
        dup_detail    the first few: address, mac@time by server, mac@time by server
        missing       MACs whose latest ACK (any round) is still valid at the end of the round but whose address is
                      not held for that MAC in either server's lease file (latest row per address wins; a row with
                      valid lifetime 0 or a state other than 0 means the lease is gone)
        missing_detail the first few
        miss_a/miss_b the same count against A's / B's file alone (informational: the pair should converge)
        takeover      seconds from the fault to the first ACK by the surviving server for a client of the faulted
                      server's scope ("n/a" when the faulted server's scope is empty: a hot-standby standby; "none"
                      when the survivor never served that scope in the round)
        gap           the longest time without any ACK between the fault and the end of the round (informational)
        tail_acks     ACKs in the last 2 s of the round (the pair serves again)
        scope_mismatch load-balancing only: ACKs sent before the fault by the server that does not own the client's
                      scope by Kea's hash (0 expected; checks the scope computation used for takeover)

  soak-analyze.py thaw-check LOG START END
      Leasehold's log between the epochs START and END: how many times it was thawed (LH_HA_THAWED) and how many
      of those were followed, before the next heartbeat could have told it anything (1 s), by a transition to
      partner-down: a thawed server must resynchronise, not take over on the silence of its own freeze. Prints
      "thaws=N thaw_partner_down=M".

  soak-analyze.py summary ROUNDS.TSV BUDGET_SECONDS
      Per pair/mode/fault: rounds, passed, kea-known, double allocations, missing leases, takeover median/max.
"""
import csv
import json
import os
import socket
import statistics
import sys

# RFC 3074 section 6 mixing table, as Kea's load balancing applies it (see LoadBalancingHash.java)
TABLE = [
    251, 175, 119, 215, 81, 14, 79, 191, 103, 49, 181, 143, 186, 157, 0, 232,
    31, 32, 55, 60, 152, 58, 17, 237, 174, 70, 160, 144, 220, 90, 57, 223,
    59, 3, 18, 140, 111, 166, 203, 196, 134, 243, 124, 95, 222, 179, 197, 65,
    180, 48, 36, 15, 107, 46, 233, 130, 165, 30, 123, 161, 209, 23, 97, 16,
    40, 91, 219, 61, 100, 10, 210, 109, 250, 127, 22, 138, 29, 108, 244, 67,
    207, 9, 178, 204, 74, 98, 126, 249, 167, 116, 34, 77, 193, 200, 121, 5,
    20, 113, 71, 35, 128, 13, 182, 94, 25, 226, 227, 199, 75, 27, 41, 245,
    230, 224, 43, 225, 177, 26, 155, 150, 212, 142, 218, 115, 241, 73, 88, 105,
    39, 114, 62, 255, 192, 201, 145, 214, 168, 158, 221, 148, 154, 122, 12, 84,
    82, 163, 44, 139, 228, 236, 205, 242, 217, 11, 187, 146, 159, 64, 86, 239,
    195, 42, 106, 198, 118, 112, 184, 172, 87, 2, 173, 117, 176, 229, 247, 253,
    137, 185, 99, 164, 102, 147, 45, 66, 231, 52, 141, 211, 194, 206, 246, 238,
    56, 110, 78, 248, 63, 240, 189, 93, 92, 51, 53, 183, 19, 171, 72, 50,
    33, 104, 101, 69, 8, 252, 83, 120, 76, 135, 85, 54, 202, 125, 188, 213,
    96, 235, 136, 208, 162, 129, 190, 132, 156, 38, 47, 1, 7, 254, 24, 4,
    216, 131, 89, 21, 28, 133, 37, 153, 149, 80, 170, 68, 6, 169, 234, 151,
]


def lb_index(mac):
    """0 = server1's (primary's) scope, 1 = server2's. perfdhcp sends client-id = htype 1 + MAC, Kea's LB key."""
    key = bytes([1]) + bytes(int(x, 16) for x in mac.split(":"))
    h = len(key) & 0xFF
    for b in reversed(key):
        h = TABLE[h ^ b]
    return h % 2


def state(sock):
    try:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(2)
        s.connect(sock)
        s.sendall(b'{"command": "status-get"}')
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
            try:
                r = json.loads(data)
                break
            except ValueError:
                continue
        s.close()
        r = json.loads(data)
        ha = (r.get("arguments") or {}).get("high-availability") or []
        print(ha[0]["ha-servers"]["local"]["state"] if ha else "no-ha")
    except Exception:  # noqa: BLE001 - anything that is not an answer means "down" to the caller
        print("down")


def read_acks(path, requests=None):
    """(time, mac, address, lease-time, server, end) per ACK, in time order; end as the module doc says."""
    acks = []
    with open(path) as f:
        for line in f:
            p = line.rstrip("\n").split("\t")
            if len(p) < 5 or not p[0] or not p[1] or not p[2]:
                continue
            t = float(p[0])
            mac = p[1].split(",")[0].lower()
            lease = int(p[3]) if p[3] else 0
            server = p[4].split(",")[0]
            start = t
            if requests is not None and len(p) > 5 and p[5]:
                sent = [r for r in requests.get((mac, p[5].split(",")[0].lower(), server), ()) if t - 60 <= r <= t]
                if sent:
                    start = max(sent)
            acks.append((t, mac, p[2], lease, server, start + lease))
    acks.sort()
    return acks


def read_requests(path):
    """(mac, xid, server) -> times at which that REQUEST was sent."""
    reqs = {}
    if not path or not os.path.exists(path):
        return None
    with open(path) as f:
        for line in f:
            p = line.rstrip("\n").split("\t")
            if len(p) < 4 or not p[0] or not p[1] or not p[2]:
                continue
            key = (p[1].split(",")[0].lower(), p[2].split(",")[0].lower(), p[3].split(",")[0])
            reqs.setdefault(key, []).append(float(p[0]))
    return reqs


def read_leases(path):
    """address -> (mac, valid, expire, state) from a Kea memfile CSV and its LFC leftovers; later rows win."""
    held = {}
    for p in (path + ".completed", path + ".2", path + ".1", path):
        if not os.path.exists(p):
            continue
        with open(p, newline="") as f:
            rows = csv.reader(f)
            header = None
            for row in rows:
                if not row:
                    continue
                if row[0] == "address":
                    header = {n: i for i, n in enumerate(row)}
                    continue
                if header is None:
                    continue
                try:
                    addr = row[header["address"]]
                    mac = row[header["hwaddr"]].lower()
                    valid = int(row[header["valid_lifetime"]])
                    expire = int(row[header["expire"]])
                    st = int(row[header["state"]]) if "state" in header and row[header["state"]] else 0
                except (IndexError, ValueError, KeyError):
                    continue
                held[addr] = (mac, valid, expire, st)
    return held


def fmt_ack(a, names):
    return "%s@%.3f by %s" % (a[1], a[0], names.get(a[4], a[4]))


def round_(args):
    o = dict(zip(args[0::2], args[1::2]))
    acks = read_acks(o["--acks"], read_requests(o.get("--requests")))
    t0, tf, tfe, t1 = float(o["--start"]), float(o["--fault"]), float(o["--fault-end"]), float(o["--end"])
    mode, faulted, kind = o["--mode"], o["--faulted"], o["--fault-kind"]
    ip = {"A": o["--a-ip"], "B": o["--b-ip"]}
    impl = {"A": o["--a-impl"], "B": o["--b-impl"]}
    names = {ip["A"]: "A", ip["B"]: "B"}
    survivor = "B" if faulted == "A" else "A"
    now = [a for a in acks if t0 <= a[0] <= t1]
    out = {"acks": len(now), "acks_a": sum(1 for a in now if a[4] == ip["A"]),
           "acks_b": sum(1 for a in now if a[4] == ip["B"])}

    # double allocations: per address, the running leases of other MACs when a new ACK comes
    dups, known, seen = [], 0, set()
    by_addr = {}
    for a in acks:
        by_addr.setdefault(a[2], []).append(a)
    for addr, lst in by_addr.items():
        ends = {}  # mac -> (end of its lease, the ACK that set it)
        for a in lst:
            for mac, (end, prev) in ends.items():
                if mac != a[1] and end > a[0] and t0 <= a[0] <= t1 and (addr, mac, a[1]) not in seen:
                    seen.add((addr, mac, a[1]))
                    k = False
                    if kind == "freeze" and impl[faulted] == "kea":
                        for x in (prev, a):
                            if x[4] == ip[faulted] and tfe - 0.05 <= x[0] <= tfe + 1.0:
                                k = True
                    known += k
                    dups.append("%s %s / %s%s" % (addr, fmt_ack(prev, names), fmt_ack(a, names),
                                                  " (kea-known)" if k else ""))
            e = a[5]
            if a[1] not in ends or ends[a[1]][0] < e:
                ends[a[1]] = (e, a)
    out["dup"] = len(dups)
    out["dup_kea_known"] = known

    # ACKed leases missing from both lease files
    latest = {}
    for a in acks:
        latest[a[1]] = a
    files = {"A": read_leases(o["--leases-a"]), "B": read_leases(o["--leases-b"])}
    missing, miss = [], {"A": 0, "B": 0}
    for mac, a in sorted(latest.items()):
        if a[5] <= t1:
            continue
        ok = {}
        for s in ("A", "B"):
            h = files[s].get(a[2])
            ok[s] = h is not None and h[0] == mac and h[1] > 0 and h[3] == 0
            miss[s] += not ok[s]
        if not (ok["A"] or ok["B"]):
            ha, hb = files["A"].get(a[2]), files["B"].get(a[2])
            missing.append("%s %s (A has %s, B has %s)" % (a[2], fmt_ack(a, names), ha and ha[0], hb and hb[0]))
    out["missing"] = len(missing)
    out["miss_a"], out["miss_b"] = miss["A"], miss["B"]

    # takeover: first ACK by the survivor for a client of the faulted server's scope
    def in_faulted_scope(mac):
        if mode == "hot-standby":
            return faulted == "A"  # the primary (A) serves every client; the standby's scope is empty
        return lb_index(mac) == (0 if faulted == "A" else 1)

    if mode == "hot-standby" and faulted == "B":
        out["takeover"] = "n/a"
    else:
        first = next((a for a in now if a[0] > tf and a[4] == ip[survivor] and in_faulted_scope(a[1])), None)
        out["takeover"] = "%.2f" % (first[0] - tf) if first else "none"
    prev, gap = tf, 0.0
    for a in now:
        if a[0] > tf:
            gap = max(gap, a[0] - prev)
            prev = a[0]
    gap = max(gap, t1 - prev)
    out["gap"] = "%.2f" % gap
    out["tail_acks"] = sum(1 for a in now if a[0] >= t1 - 2.0)
    if mode == "load-balancing":
        out["scope_mismatch"] = sum(1 for a in now if a[0] < tf and
                                    a[4] != ip["A" if lb_index(a[1]) == 0 else "B"])
    line = " ".join("%s=%s" % kv for kv in out.items())
    if dups:
        line += " dup_detail=" + "|".join(d.replace(" ", "_") for d in dups[:5])
    if missing:
        line += " missing_detail=" + "|".join(m.replace(" ", "_") for m in missing[:5])
    print(line)


def thaw_check(path, start, end):
    import datetime
    thaws, bad, last_thaw = 0, 0, None
    try:
        f = open(path, errors="replace")
    except OSError:
        print("thaws=0 thaw_partner_down=0")
        return
    with f:
        for line in f:
            if "LH_HA_THAWED" not in line and "LH_HA_STATE_CHANGE" not in line:
                continue
            try:
                t = datetime.datetime.strptime(line[:23], "%Y-%m-%d %H:%M:%S.%f").timestamp()
            except ValueError:
                continue
            if not start <= t <= end:
                continue
            if "LH_HA_THAWED" in line:
                thaws += 1
                last_thaw = t
            elif last_thaw is not None and t - last_thaw <= 1.0 and "-> partner-down" in line:
                bad += 1
                last_thaw = None
    print("thaws=%d thaw_partner_down=%d" % (thaws, bad))


def summary(path, budget):
    groups = {}
    with open(path) as f:
        for line in f:
            p = line.rstrip("\n").split("\t")
            if len(p) < 8:
                continue
            pair, mode, fault, verdict, dup, missing, takeover, gap = p[:8]
            g = groups.setdefault((pair, mode, fault), {"n": 0, "pass": 0, "known": 0, "dup": 0, "miss": 0,
                                                        "to": [], "none": 0, "gap": []})
            g["n"] += 1
            g["pass"] += verdict == "PASS"
            g["known"] += verdict == "KEA-KNOWN"
            g["dup"] += int(dup) if dup.isdigit() else 0
            g["miss"] += int(missing) if missing.isdigit() else 0
            try:
                g["to"].append(float(takeover))
            except ValueError:
                g["none"] += takeover == "none"
            try:
                g["gap"].append(float(gap))
            except ValueError:
                pass
    print("%-7s %-14s %-9s %6s %6s %9s %5s %7s %-26s %s" % ("pair", "mode", "fault", "rounds", "passed",
                                                           "kea-known", "dups", "missing",
                                                           "takeover median/max (s)", "longest ACK gap median/max"))
    for (pair, mode, fault), g in groups.items():
        if g["to"]:
            to = "%.2f / %.2f" % (statistics.median(g["to"]), max(g["to"]))
            if max(g["to"]) > budget:
                to += " (>%.0f s)" % budget
        else:
            to = "-"
        if g["none"]:
            to += " none x%d%s" % (g["none"], " (expected)" if fault == "partition" else "")
        gp = "%.2f / %.2f" % (statistics.median(g["gap"]), max(g["gap"])) if g["gap"] else "-"
        print("%-7s %-14s %-9s %6d %6d %9d %5d %7d %-26s %s" % (pair, mode, fault, g["n"], g["pass"], g["known"],
                                                               g["dup"], g["miss"], to, gp))
    print("takeover budget: max-response-delay + one heartbeat = %.1f s" % budget)


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    cmd = sys.argv[1]
    if cmd == "state" and len(sys.argv) == 3:
        state(sys.argv[2])
    elif cmd == "round":
        round_(sys.argv[2:])
    elif cmd == "thaw-check" and len(sys.argv) == 5:
        thaw_check(sys.argv[2], float(sys.argv[3]), float(sys.argv[4]))
    elif cmd == "summary" and len(sys.argv) == 4:
        summary(sys.argv[2], float(sys.argv[3]))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
