#!/usr/bin/env python3
"""Writes accuracy-cases.csv: the routing accuracy test's labelled cases.

The labels come from the rule table of docs/providers.md (the plan's twelve rules, in order), written
here a second time, independently of routing.WaterfallRules: a case's expected rule is the first rule
whose condition holds and whose backend is available. Run it again only to add cases; review the
diff of the CSV (every changed label is a changed routing decision).

    python3 src/test/resources/routing/label-cases.py > src/test/resources/routing/accuracy-cases.csv
"""
import itertools
import random

BACKENDS = ["nango", "panora", "composio", "integuru", "airbyte", "singer", "meltano", "stackstorm", "openapi"]
COLUMNS = ["case", "auth", "connection", "panora_mapped", "panora_token", "shared_key_allowed", "shared_key_configured", "visual", "complexity", "plan",
           "kind", "composio_tool", "kaoto_route", "custom", "airbyte_connection", "singer_tap", "meltano_pipeline",
           "openapi", "backends_down", "expected_rule", "expected_provider"]


def label(c):
    up = lambda b: b not in c["down"]
    if c["auth"] == "oauth2" and c["connection"] != "credentials" and up("nango"):
        return 1, "nango"
    if c["auth"] != "none" and c["connection"] == "credentials":
        if c["panora_mapped"] and up("panora") and c["panora_token"]:
            return 2, "panora"
        return 2, "runtime-stored-key"
    if c["auth"] == "api_key" and c["connection"] == "none" and c["shared_key_allowed"] and c["shared_key_configured"]:
        return 3, "runtime-shared-key"
    if c["visual"] and c["composio_tool"] and up("composio"):
        return 4, "composio"
    if c["complexity"] == "complex" and c["plan"] == "enterprise" and c["kaoto_route"] == "loaded":
        return 5, "kaoto"
    if c["custom"] and up("integuru"):
        return 6, "integuru"
    if c["kind"] == "data_sync" and c["airbyte_connection"] and c["connection"] == "credentials" and up("airbyte"):
        return 7, "airbyte"
    if c["kind"] == "data_sync" and c["singer_tap"] == "tap-acme" and up("singer"):
        return 8, "singer"
    if c["kind"] == "elt" and c["meltano_pipeline"] and up("meltano"):
        return 9, "meltano"
    if c["kind"] == "devops_event" and up("stackstorm"):
        return 10, "stackstorm"
    if c["openapi"] and up("openapi"):
        return 11, "openapi"
    return 12, "none"


def down_spec(down):
    return ";".join(f"{b}:{how}" for b, how in sorted(down.items())) or "-"


def row(n, c, down):
    c = dict(c, down=down)
    rule, provider = label(c)
    values = [f"c{n:03d}", c["auth"], c["connection"], int(c["panora_mapped"]), int(c["panora_token"]), int(c["shared_key_allowed"]), int(c["shared_key_configured"]),
              int(c["visual"]), c["complexity"], c["plan"], c["kind"], int(c["composio_tool"]), c["kaoto_route"],
              int(c["custom"]), int(c["airbyte_connection"]), c["singer_tap"], int(c["meltano_pipeline"]),
              int(c["openapi"]), down_spec(down), rule, provider]
    return ",".join(str(v) for v in values)


def main():
    rnd = random.Random(20261203)
    cases = []
    # Each rule's own case, then the same with its backend unconfigured and with its breaker open.
    base = dict(auth="none", connection="none", panora_mapped=False, panora_token=False, shared_key_allowed=False, shared_key_configured=False, visual=False,
                complexity="simple", plan="free", kind="standard", composio_tool=False, kaoto_route="none", custom=False,
                airbyte_connection=False, singer_tap="none", meltano_pipeline=False, openapi=False)
    per_rule = [
        (dict(auth="oauth2"), "nango"),
        (dict(auth="oauth2", connection="nango"), "nango"),
        (dict(auth="api_key", connection="credentials", panora_mapped=True, panora_token=True), "panora"),
        (dict(visual=True, composio_tool=True), "composio"),
        (dict(custom=True), "integuru"),
        (dict(kind="data_sync", airbyte_connection=True, connection="credentials"), "airbyte"),
        (dict(kind="data_sync", singer_tap="tap-acme"), "singer"),
        (dict(kind="elt", meltano_pipeline=True), "meltano"),
        (dict(kind="devops_event"), "stackstorm"),
        (dict(openapi=True), "openapi"),
    ]
    for change, backend in per_rule:
        for down in ({}, {backend: "unconfigured"}, {backend: "open"}):
            cases.append((dict(base, **change), down))
    for change in (dict(auth="api_key", connection="credentials"), dict(auth="api_key", connection="credentials", panora_mapped=True),
                   dict(auth="database", connection="credentials", panora_token=True), dict(auth="database", connection="credentials"),
                   dict(auth="oauth2", connection="credentials"), dict(auth="api_key", shared_key_allowed=True, shared_key_configured=True),
                   dict(auth="api_key", shared_key_allowed=True), dict(auth="api_key", shared_key_configured=True),
                   dict(complexity="complex", plan="enterprise", kaoto_route="loaded"),
                   dict(complexity="complex", plan="enterprise", kaoto_route="missing"),
                   dict(complexity="complex", plan="pro", kaoto_route="loaded"),
                   dict(kind="data_sync", singer_tap="tap-other"), dict(kind="data_sync", airbyte_connection=True),
                   dict(kind="elt"), dict()):
        cases.append((dict(base, **change), {}))
    # The rest: the dimensions drawn at random (seeded), each backend up, unconfigured or open.
    while len(cases) < 260:
        c = dict(
            auth=rnd.choice(["none", "api_key", "oauth2", "database"]),
            connection=rnd.choice(["none", "none", "credentials", "nango"]),
            panora_mapped=rnd.random() < 0.4, panora_token=rnd.random() < 0.5,
            shared_key_allowed=rnd.random() < 0.5, shared_key_configured=rnd.random() < 0.5,
            visual=rnd.random() < 0.4, complexity=rnd.choice(["simple", "complex"]),
            plan=rnd.choice(["free", "pro", "enterprise"]),
            kind=rnd.choice(["standard", "data_sync", "elt", "devops_event"]),
            composio_tool=rnd.random() < 0.4, kaoto_route=rnd.choice(["none", "none", "loaded", "missing"]),
            custom=rnd.random() < 0.2, airbyte_connection=rnd.random() < 0.5,
            singer_tap=rnd.choice(["none", "tap-acme", "tap-other"]), meltano_pipeline=rnd.random() < 0.5,
            openapi=rnd.random() < 0.3)
        if c["connection"] == "nango" and c["auth"] != "oauth2":
            c["connection"] = "none"
        down = {b: rnd.choice(["unconfigured", "open"]) for b in BACKENDS if rnd.random() < 0.25}
        cases.append((c, down))
    # Syncs drawn apart: Airbyte and Singer hold only behind rules 1-6, so the draw above rarely reaches them.
    while len(cases) < 300:
        c = dict(base, kind="data_sync", connection=rnd.choice(["none", "credentials"]),
                 airbyte_connection=rnd.random() < 0.6, singer_tap=rnd.choice(["none", "tap-acme", "tap-other"]),
                 openapi=rnd.random() < 0.3, visual=rnd.random() < 0.3, composio_tool=rnd.random() < 0.3)
        down = {b: rnd.choice(["unconfigured", "open"]) for b in ["airbyte", "singer", "openapi", "composio"]
                if rnd.random() < 0.3}
        cases.append((c, down))
    print(",".join(COLUMNS))
    for n, (c, down) in enumerate(cases, 1):
        print(row(n, c, down))


main()
