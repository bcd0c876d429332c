"""The RFC 6962 / RFC 9162 Merkle tree over the ledger's events, as pure arithmetic.

A leaf's hash is SHA-256(0x00 || data), an interior node's SHA-256(0x01 || left || right),
and the tree of n leaves splits at the largest power of two below n. A store keeps the
hash of every *perfect* subtree once it is complete: node (level, index) covers leaves
[index * 2**level, (index + 1) * 2**level). Every root, inclusion proof and consistency
proof at any size is made of O(log n) subtrees, each of them O(log n) perfect nodes, so a
proof needs O(log n) stored nodes, fetched in one read (`needed` says which).

Nothing here reads a store: a function that needs nodes takes `get(level, index)`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence

Get = Callable[[int, int], bytes]
Node = tuple[int, int, bytes]  # level, index, hash

EMPTY = hashlib.sha256(b"").digest()


class ProofError(ValueError):
    """A proof asked for that the tree cannot give (an index or size out of range)."""


def leaf_hash(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def _split(n: int) -> int:
    """The largest power of two smaller than n (n > 1)."""
    return 1 << ((n - 1).bit_length() - 1)


def subtree(get: Get, lo: int, hi: int) -> bytes:
    """MTH(D[lo:hi]) for a range the tree's shape makes (lo a multiple of a power of two
    at least hi - lo), from the stored perfect nodes."""
    size = hi - lo
    if size & (size - 1) == 0:
        level = size.bit_length() - 1
        return get(level, lo >> level)
    k = _split(size)
    return node_hash(subtree(get, lo, lo + k), subtree(get, lo + k, hi))


def root(get: Get, size: int) -> bytes:
    return EMPTY if size == 0 else subtree(get, 0, size)


def inclusion(get: Get, index: int, size: int) -> list[bytes]:
    """PATH(index, D[0:size]) of RFC 6962 section 2.1.1, leaf to root."""
    if not 0 <= index < size:
        raise ProofError(f"no leaf {index} in a tree of {size}")
    path: list[bytes] = []
    lo, hi = 0, size
    while hi - lo > 1:
        k = _split(hi - lo)
        if index < lo + k:
            path.append(subtree(get, lo + k, hi))
            hi = lo + k
        else:
            path.append(subtree(get, lo, lo + k))
            lo = lo + k
    path.reverse()
    return path


def consistency(get: Get, first: int, second: int) -> list[bytes]:
    """PROOF(first, D[0:second]) of RFC 6962 section 2.1.2 (empty when first is 0 or
    equal to second)."""
    if not 0 <= first <= second:
        raise ProofError(f"no consistency proof from {first} to {second}")
    if first in (0, second):
        return []
    path: list[bytes] = []
    lo, hi, whole = 0, second, True
    while True:
        if first - lo == hi - lo:
            if not whole:
                path.append(subtree(get, lo, hi))
            break
        k = _split(hi - lo)
        if first - lo <= k:
            path.append(subtree(get, lo + k, hi))
            hi = lo + k
        else:
            path.append(subtree(get, lo, lo + k))
            lo, whole = lo + k, False
    path.reverse()
    return path


def appended(size: int, leaves: Sequence[bytes], get: Get) -> list[Node]:
    """The perfect nodes completed by appending `leaves` (leaf hashes) to a tree of
    `size`: each leaf, and each node whose last leaf it is."""
    made: dict[tuple[int, int], bytes] = {}

    def node(level: int, index: int) -> bytes:
        return made.get((level, index)) or get(level, index)

    for offset, leaf in enumerate(leaves):
        index = size + offset
        made[(0, index)] = leaf
        level, end = 0, index + 1
        while end % (2 << level) == 0:
            right = end // (1 << level) - 1
            made[(level + 1, right // 2)] = node_hash(node(level, right - 1), node(level, right))
            level += 1
    return [(level, index, h) for (level, index), h in made.items()]


def frontier(size: int) -> set[tuple[int, int]]:
    """The (level, index) of every stored node `appended` may read to append to a tree
    of `size`: the perfect subtrees that end at `size`, one for each bit set in it."""
    return {(level, (size >> level) - 1) for level in range(size.bit_length()) if size >> level & 1}


def needed(build: Callable[[Get], object]) -> set[tuple[int, int]]:
    """The (level, index) of every stored node `build` reads: it is run once on
    placeholder hashes (the nodes a computation reads depend only on sizes)."""
    keys: set[tuple[int, int]] = set()

    def record(level: int, index: int) -> bytes:
        keys.add((level, index))
        return EMPTY

    build(record)
    return keys


def tree_of(leaves: Iterable[bytes]) -> dict[tuple[int, int], bytes]:
    """Every perfect node of the tree of `leaves` (leaf hashes), computed in memory."""
    nodes: dict[tuple[int, int], bytes] = {}
    for n, leaf in enumerate(leaves):
        for level, index, h in appended(n, [leaf], lambda lv, ix: nodes[(lv, ix)]):
            nodes[(level, index)] = h
    return nodes


def verify_inclusion(
    index: int, size: int, leaf: bytes, path: Sequence[bytes], expected_root: bytes
) -> bool:
    """RFC 9162 section 2.1.3.2: whether `path` proves `leaf` at `index` in the tree of
    `size` whose root is `expected_root`."""
    if not 0 <= index < size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == expected_root


def verify_consistency(
    first: int, second: int, first_root: bytes, second_root: bytes, path: Sequence[bytes]
) -> bool:
    """RFC 9162 section 2.1.4.2: whether `path` proves the tree of `first` leaves with
    `first_root` is a prefix of the tree of `second` leaves with `second_root`."""
    if not 0 <= first <= second:
        return False
    if first == second:
        return not path and first_root == second_root
    if first == 0:
        return not path and first_root == EMPTY
    if not path:
        return False
    proof = list(path)
    if first & (first - 1) == 0:
        proof.insert(0, first_root)
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = proof[0]
    for c in proof[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return fr == first_root and sr == second_root and sn == 0


def root_of(leaves: Iterable[bytes]) -> bytes:
    """MTH of `leaves` (leaf hashes) in one pass, holding O(log n) hashes."""
    stack: list[tuple[int, bytes]] = []
    for leaf in leaves:
        size, h = 1, leaf
        while stack and stack[-1][0] == size:
            h = node_hash(stack.pop()[1], h)
            size *= 2
        stack.append((size, h))
    if not stack:
        return EMPTY
    r = stack[-1][1]
    for _, h in reversed(stack[:-1]):
        r = node_hash(h, r)
    return r
