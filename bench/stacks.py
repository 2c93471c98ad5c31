#!/usr/bin/env python3
"""Summarizes async-profiler's collapsed stacks (bench/cpu-ab.sh with ASYNC_PROFILER=...):
   python3 bench/stacks.py FILE.collapsed [ROOT_REGEX] [MIN_PERCENT]
prints the samples charged to the nearest non-JDK frame by package family, then the call tree from the
first frame matching ROOT_REGEX (default: Tomcat's CoyoteAdapter.service, one request) down to MIN_PERCENT
(default 1.0) of all samples, single-child chains folded."""
import collections, re, sys

FAMILIES = ['io.automators', 'org.apache.camel', 'org.springframework.web', 'org.springframework', 'com.fasterxml.jackson',
            'org.apache.hc', 'org.apache.catalina', 'org.apache.tomcat', 'org.apache.coyote', 'io.micrometer',
            'io.opentelemetry', 'com.networknt', 'com.github.benmanes', 'org.postgresql', 'ch.qos', 'com.zaxxer']


def frames_of(line):
    stack, n = line.rstrip().rsplit(' ', 1)
    return [re.sub(r'_\[[a-z0-9]\]$', '', f) for f in stack.split(';')], int(n)


def main():
    path = sys.argv[1]
    root = re.compile(sys.argv[2] if len(sys.argv) > 2 else r'CoyoteAdapter\.service')
    min_pct = float(sys.argv[3]) if len(sys.argv) > 3 else 1.0
    total, families, tree = 0, collections.Counter(), {}
    for line in open(path):
        frames, n = frames_of(line)
        total += n
        for f in reversed(frames):
            family = next((p for p in FAMILIES if f.replace('/', '.').startswith(p)), None)
            if family:
                families[family] += n
                break
        else:
            families['JDK, JVM (JIT compiler, GC) and kernel'] += n
        for i, f in enumerate(frames):
            if root.search(f):
                node = tree
                for g in frames[i:]:
                    g = '/'.join(g.split('/')[-2:])
                    entry = node.setdefault(g, [0, {}])
                    entry[0] += n
                    node = entry[1]
                break
    print(f'{path}: {total} samples')
    print('\nSelf time charged to the nearest non-JDK frame, by package family:')
    for k, v in families.most_common():
        print(f'{100 * v / total:6.1f}%  {k}')
    print(f'\nCall tree from {root.pattern} (>= {min_pct}% of all samples):')

    def show(node, depth):
        for name, (n, children) in sorted(node.items(), key=lambda kv: -kv[1][0]):
            if 100 * n / total < min_pct:
                continue
            while len(children) == 1 and next(iter(children.values()))[0] == n:
                name, (n, children) = next(iter(children.items()))
            print(f'{"  " * min(depth, 30)}{100 * n / total:5.1f}% {name}')
            show(children, depth + 1)

    show(tree, 0)


if __name__ == '__main__':
    main()
