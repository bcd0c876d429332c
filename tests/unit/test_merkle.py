"""The Merkle arithmetic against published vectors and its own properties.

Vectors: the RFC 6962 leaf inputs, node hashes and roots of transparency-dev/merkle
(testonly/constants.go, also the Certificate Transparency reference), from which every
proof of the 8-leaf tree is rebuilt by RFC 6962's own definitions in `reference`.
"""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ledger import merkle

LEAVES = [
    bytes.fromhex(h)
    for h in [
        "",
        "00",
        "10",
        "2021",
        "3031",
        "40414243",
        "5051525354555657",
        "606162636465666768696a6b6c6d6e6f",
    ]
]
ROOTS = [
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]
NODES = {
    (0, 1): "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
    (0, 7): "46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1",
    (1, 1): "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
    (1, 3): "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
    (2, 1): "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
}


def tree(leaves: list[bytes]) -> merkle.Get:
    nodes = merkle.tree_of(merkle.leaf_hash(leaf) for leaf in leaves)
    return lambda level, index: nodes[(level, index)]


def mth(leaves: list[bytes]) -> bytes:
    """MTH exactly as RFC 6962 section 2.1 defines it, recursively."""
    if not leaves:
        return hashlib.sha256(b"").digest()
    if len(leaves) == 1:
        return hashlib.sha256(b"\x00" + leaves[0]).digest()
    k = 1 << ((len(leaves) - 1).bit_length() - 1)
    return hashlib.sha256(b"\x01" + mth(leaves[:k]) + mth(leaves[k:])).digest()


def reference_path(m: int, leaves: list[bytes]) -> list[bytes]:
    """PATH(m, D[n]) as RFC 6962 section 2.1.1 defines it."""
    if len(leaves) == 1:
        return []
    k = 1 << ((len(leaves) - 1).bit_length() - 1)
    if m < k:
        return [*reference_path(m, leaves[:k]), mth(leaves[k:])]
    return [*reference_path(m - k, leaves[k:]), mth(leaves[:k])]


def reference_proof(m: int, leaves: list[bytes], whole: bool = True) -> list[bytes]:
    """SUBPROOF(m, D[n], b) as RFC 6962 section 2.1.2 defines it."""
    n = len(leaves)
    if m == n:
        return [] if whole else [mth(leaves)]
    k = 1 << ((n - 1).bit_length() - 1)
    if m <= k:
        return [*reference_proof(m, leaves[:k], whole), mth(leaves[k:])]
    return [*reference_proof(m - k, leaves[k:], False), mth(leaves[:k])]


def test_the_roots_of_every_prefix_of_the_rfc_6962_leaves_are_the_published_ones() -> None:
    get = tree(LEAVES)
    assert [merkle.root(get, n).hex() for n in range(9)] == ROOTS
    assert [merkle.root_of(merkle.leaf_hash(x) for x in LEAVES[:n]).hex() for n in range(9)] == (
        ROOTS
    )


def test_the_stored_perfect_nodes_are_the_published_node_hashes() -> None:
    get = tree(LEAVES)
    for (level, index), expected in NODES.items():
        assert get(level, index).hex() == expected


def test_every_inclusion_proof_of_the_eight_leaf_tree_is_rfc_6962s_path_and_verifies() -> None:
    get = tree(LEAVES)
    for n in range(1, 9):
        for m in range(n):
            path = merkle.inclusion(get, m, n)
            assert path == reference_path(m, LEAVES[:n])
            assert merkle.verify_inclusion(
                m, n, merkle.leaf_hash(LEAVES[m]), path, bytes.fromhex(ROOTS[n])
            )


def test_every_consistency_proof_of_the_eight_leaf_tree_is_rfc_6962s_proof_and_verifies() -> None:
    get = tree(LEAVES)
    for n in range(1, 9):
        for m in range(1, n):
            path = merkle.consistency(get, m, n)
            assert path == reference_proof(m, LEAVES[:n])
            roots = bytes.fromhex(ROOTS[m]), bytes.fromhex(ROOTS[n])
            assert merkle.verify_consistency(m, n, *roots, path)


def test_a_proof_asked_for_outside_the_tree_is_refused() -> None:
    get = tree(LEAVES)
    with pytest.raises(merkle.ProofError):
        merkle.inclusion(get, 8, 8)
    with pytest.raises(merkle.ProofError):
        merkle.consistency(get, 5, 4)


def flips(data: bytes) -> list[bytes]:
    return [
        data[:i] + bytes([data[i] ^ (1 << bit)]) + data[i + 1 :]
        for i in range(len(data))
        for bit in range(8)
    ]


sizes = st.integers(min_value=1, max_value=3000)


@settings(max_examples=25, deadline=None)
@given(size=sizes, data=st.data())
def test_every_inclusion_proof_verifies_and_every_single_bit_change_fails(
    size: int, data: st.DataObject
) -> None:
    leaves = [i.to_bytes(4, "big") for i in range(size)]
    get = tree(leaves)
    root = merkle.root(get, size)
    assert root == mth(leaves)
    index = data.draw(st.integers(min_value=0, max_value=size - 1))
    leaf = merkle.leaf_hash(leaves[index])
    path = merkle.inclusion(get, index, size)
    assert len(path) <= size.bit_length()
    assert merkle.verify_inclusion(index, size, leaf, path, root)
    for changed in flips(leaf):
        assert not merkle.verify_inclusion(index, size, changed, path, root)
    for changed in flips(root):
        assert not merkle.verify_inclusion(index, size, leaf, path, changed)
    for at in range(len(path)):
        for changed in flips(path[at])[::7]:
            assert not merkle.verify_inclusion(
                index, size, leaf, [*path[:at], changed, *path[at + 1 :]], root
            )
    assert not merkle.verify_inclusion(index, size, leaf, path[:-1], root) or not path
    assert not merkle.verify_inclusion(index, size, leaf, [*path, root], root)
    if size > 1:
        other = (index + 1) % size
        assert not merkle.verify_inclusion(other, size, leaf, path, root)


@settings(max_examples=25, deadline=None)
@given(second=sizes, data=st.data())
def test_consistency_proofs_verify_and_fail_after_truncation_or_a_rewrite(
    second: int, data: st.DataObject
) -> None:
    leaves = [i.to_bytes(4, "big") for i in range(second)]
    get = tree(leaves)
    first = data.draw(st.integers(min_value=1, max_value=second))
    path = merkle.consistency(get, first, second)
    root_a, root_b = merkle.root(get, first), merkle.root(get, second)
    assert merkle.verify_consistency(first, second, root_a, root_b, path)
    for at in range(len(path)):
        for changed in flips(path[at])[::11]:
            assert not merkle.verify_consistency(
                first, second, root_a, root_b, [*path[:at], changed, *path[at + 1 :]]
            )
    # a consistent rewrite of any earlier entry: a tree whose later root is honest for
    # its own leaves, but not an extension of the first
    rewritten = list(leaves)
    at = data.draw(st.integers(min_value=0, max_value=first - 1))
    rewritten[at] = b"rewritten"
    forged = tree(rewritten)
    forged_root = merkle.root(forged, second)
    assert not merkle.verify_consistency(
        first, second, root_a, forged_root, merkle.consistency(forged, first, second)
    )
    # truncation: a shorter tree cannot prove it extends a longer one
    if first > 1:
        shorter = merkle.consistency(get, first - 1, first)
        assert not merkle.verify_consistency(
            first, first, root_a, merkle.root(get, first - 1), shorter
        )


@settings(max_examples=300)
@given(st.integers(min_value=0, max_value=5_000), st.integers(min_value=1, max_value=70))
def test_appending_reads_no_node_outside_the_frontier_of_the_tree_it_grows(
    size: int, count: int
) -> None:
    leaves = [merkle.leaf_hash(str(i).encode()) for i in range(count)]
    read = merkle.needed(lambda get: merkle.appended(size, leaves, get))
    assert read <= merkle.frontier(size)
    assert len(merkle.frontier(size)) == size.bit_count()
