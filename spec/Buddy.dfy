// The state of the buddy heap and its invariants, one named predicate per invariant.
//
// Everything is in page numbers: a range is the pages [lo, hi), a free block is the page number of its head, and
// the allocated set holds page numbers. Addresses (page * pageSize) appear only at the byte-level edge in
// Operations.dfy. The predicate names are the ones the C# invariant checker reports (docs/contract.md):
//
//   BlocksAlignedInRange  every free block is naturally aligned and lies wholly inside one range
//   FreeListsDisjoint     no two free blocks share a page
//   Conservation          free pages and allocated pages partition the pages of the ranges
//   FullyCoalesced        no free block of order < K has its buddy, in the same range, free at the same order
//   FreeListsWellFormed   one list per order 0..K, each without duplicates
//   MruOrdered            every list in the order the ghost event history gives: blocks released by Free or by a
//                         split first, most recently released first; then blocks carved by AddRange, in carving order
//
// AccountingMatchesRecount is left to the C# checker: this model keeps no counters. It recounts from the lists and
// the allocated set whenever it is asked, so there is nothing for a counter to disagree with.
// Two structural facts have no name in the C# checker because the C# types or its AddRange check guarantee them:
// ConfigOk (page size a power of two, max block at most 1 GiB) and RangesDisjoint.
include "BlockArithmetic.dfy"

module BuddyState {
  import opened BlockArithmetic

  // The pages [lo, hi) of one range.
  datatype Range = Range(lo: nat, hi: nat)

  // What put a block into list k: Released (Free, or the upper half of a split: memory just in use) or Carved
  // (AddRange: fresh memory, the least recently used). The operations append one event per block they insert;
  // the list primitives below do not touch the history.
  datatype Event = Released(k: nat, b: nat) | Carved(k: nat, b: nat)

  // history is ghost: the compiled oracle carries no trace of it.
  datatype State = State(
    pageSize: nat,
    K: nat,
    ranges: seq<Range>,
    lists: seq<seq<nat>>,
    alloc: set<nat>,
    ghost history: seq<Event>)

  const MaxBlockBytes: nat := 0x4000_0000  // 1 GiB

  predicate IsPowerOfTwo(n: nat)
    decreases n
  {
    n == 1 || (n >= 2 && n % 2 == 0 && IsPowerOfTwo(n / 2))
  }

  predicate ConfigOk(pageSize: nat, K: nat) {
    IsPowerOfTwo(pageSize) && pageSize * Pow2(K) <= MaxBlockBytes
  }

  // ---- pages, blocks, ranges --------------------------------------------------------------------------------

  predicate InSpan(p: nat, lo: nat, hi: nat) { lo <= p < hi }

  // The pages [lo, hi). Compiled by the loop below: a comprehension over nat would scan from page 0.
  function Span(lo: nat, hi: nat): set<nat> {
    set p: nat {:trigger InSpan(p, lo, hi)} | lo <= p < hi && InSpan(p, lo, hi)
  } by method {
    var pages: set<nat> := {};
    var p := lo;
    SpanGrows(lo, lo);
    while p < hi
      invariant lo <= p && (p <= hi || p == lo)
      invariant pages == Span(lo, p)
      decreases hi - p
    {
      SpanGrows(lo, p);
      pages := pages + {p};
      p := p + 1;
    }
    SpanEmptyAbove(lo, p, hi);
    return pages;
  }

  lemma SpanGrows(lo: nat, p: nat)
    requires lo <= p
    ensures Span(lo, lo) == {}
    ensures Span(lo, p) + {p} == Span(lo, p + 1)
  {
    assert forall q :: q in Span(lo, lo) <==> InSpan(q, lo, lo);
    assert forall q :: q in Span(lo, p) <==> InSpan(q, lo, p);
    assert InSpan(p, lo, p + 1);
    forall q | q in Span(lo, p + 1) ensures q in Span(lo, p) + {p} {
      assert InSpan(q, lo, p + 1);
      if q != p { assert InSpan(q, lo, p); }
    }
  }

  // Once p has reached hi (or started above it), Span(lo, p) is Span(lo, hi).
  lemma SpanEmptyAbove(lo: nat, p: nat, hi: nat)
    requires lo <= p && (p == hi || (p == lo && hi <= lo))
    ensures Span(lo, p) == Span(lo, hi)
  {
    assert forall q :: q in Span(lo, p) <==> InSpan(q, lo, p);
    assert forall q :: q in Span(lo, hi) <==> InSpan(q, lo, hi);
  }

  // The pages of the block of order k at page b.
  function Block(b: nat, k: nat): set<nat> {
    Span(b, b + Pow2(k))
  }

  ghost predicate InBlock(p: nat, b: nat, k: nat) {
    b <= p < b + Pow2(k)
  }

  // The block of order k at page b lies wholly inside r.
  predicate InRange(r: Range, b: nat, k: nat) {
    r.lo <= b && b + Pow2(k) <= r.hi
  }

  opaque ghost predicate NoDup(l: seq<nat>) {
    forall i, j :: 0 <= i < j < |l| ==> l[i] != l[j]
  }

  // Every page of every free block.
  ghost function FreePages(lists: seq<seq<nat>>): set<nat> {
    set k: nat, b: nat, p: nat | k < |lists| && b in lists[k] && b <= p < b + Pow2(k) && InBlock(p, b, k) :: p
  }

  // Every page of every range.
  ghost function RangePages(ranges: seq<Range>): set<nat> {
    set i: nat, p: nat | i < |ranges| && ranges[i].lo <= p < ranges[i].hi && InSpan(p, ranges[i].lo, ranges[i].hi) :: p
  }

  // ---- the invariants ---------------------------------------------------------------------------------------

  opaque ghost predicate RangesDisjoint(ranges: seq<Range>) {
    && (forall i :: 0 <= i < |ranges| ==> ranges[i].lo < ranges[i].hi)
    && (forall i, j :: 0 <= i < |ranges| && 0 <= j < |ranges| && i != j ==>
          ranges[i].hi <= ranges[j].lo || ranges[j].hi <= ranges[i].lo)
  }

  ghost predicate FreeListsWellFormed(K: nat, lists: seq<seq<nat>>) {
    && |lists| == K + 1
    && forall k :: 0 <= k < |lists| ==> NoDup(lists[k])
  }

  opaque ghost predicate BlocksAlignedInRange(ranges: seq<Range>, lists: seq<seq<nat>>) {
    forall k: nat, b :: k < |lists| && b in lists[k] ==>
      && Aligned(b, k)
      && exists ri :: 0 <= ri < |ranges| && InRange(ranges[ri], b, k)
  }

  opaque ghost predicate FreeListsDisjoint(lists: seq<seq<nat>>) {
    forall k1: nat, b1, k2: nat, b2 ::
      k1 < |lists| && k2 < |lists| && b1 in lists[k1] && b2 in lists[k2] && (k1 != k2 || b1 != b2) ==>
        b1 + Pow2(k1) <= b2 || b2 + Pow2(k2) <= b1
  }

  opaque ghost predicate Conservation(ranges: seq<Range>, lists: seq<seq<nat>>, alloc: set<nat>) {
    && FreePages(lists) !! alloc
    && FreePages(lists) + alloc == RangePages(ranges)
  }

  // The buddy of the order-k block at b is not free at order k, unless it lies outside the range that holds b
  // (or b is already of the largest order).
  ghost predicate CoalesceStops(K: nat, ranges: seq<Range>, lists: seq<seq<nat>>, b: nat, k: nat) {
    k >= K || k >= |lists| ||
    forall ri :: 0 <= ri < |ranges| && InRange(ranges[ri], b, k) && InRange(ranges[ri], BuddyOf(b, k), k) ==>
      BuddyOf(b, k) !in lists[k]
  }

  opaque ghost predicate FullyCoalesced(K: nat, ranges: seq<Range>, lists: seq<seq<nat>>) {
    forall k: nat, b :: k < |lists| && b in lists[k] ==> CoalesceStops(K, ranges, lists, b, k)
  }

  // ---- most recently used first, as a statement about the history ---------------------------------------------

  // The index of the last event of h that inserted b into list k, or -1 when there is none.
  ghost function LastInsert(h: seq<Event>, k: nat, b: nat): (i: int)
    ensures -1 <= i < |h|
    ensures i >= 0 ==> h[i].k == k && h[i].b == b
  {
    if |h| == 0 then -1
    else if h[|h| - 1].k == k && h[|h| - 1].b == b then |h| - 1
    else LastInsert(h[..|h| - 1], k, b)
  }

  // In list k, x comes before y: a released block comes before a carved one; released blocks, the most recently
  // released first; carved blocks, in the order they were carved.
  ghost predicate MruBefore(h: seq<Event>, k: nat, x: nat, y: nat) {
    var ix, iy := LastInsert(h, k, x), LastInsert(h, k, y);
    && ix >= 0 && iy >= 0
    && if h[ix].Released? then h[iy].Carved? || ix > iy
       else h[iy].Carved? && ix < iy
  }

  // Every free block was put into its list by some event, and every list is in the order of MruBefore.
  opaque ghost predicate MruOrdered(lists: seq<seq<nat>>, h: seq<Event>) {
    && (forall k, i :: 0 <= k < |lists| && 0 <= i < |lists[k]| ==> LastInsert(h, k, lists[k][i]) >= 0)
    && (forall k, i, j :: 0 <= k < |lists| && 0 <= i < j < |lists[k]| ==> MruBefore(h, k, lists[k][i], lists[k][j]))
  }

  ghost predicate Valid(s: State) {
    && ConfigOk(s.pageSize, s.K)
    && RangesDisjoint(s.ranges)
    && FreeListsWellFormed(s.K, s.lists)
    && BlocksAlignedInRange(s.ranges, s.lists)
    && FreeListsDisjoint(s.lists)
    && Conservation(s.ranges, s.lists, s.alloc)
    && FullyCoalesced(s.K, s.ranges, s.lists)
    && MruOrdered(s.lists, s.history)
  }

  // ---- in the middle of an operation ------------------------------------------------------------------------

  // Conservation while the pages of `hole` are in flight: taken from a list and not yet handed out (a block being
  // split or merged), or part of a range being carved. They are neither free nor allocated.
  opaque ghost predicate ConservationWith(ranges: seq<Range>, lists: seq<seq<nat>>, alloc: set<nat>, hole: set<nat>) {
    && FreePages(lists) !! alloc
    && FreePages(lists) !! hole
    && alloc !! hole
    && FreePages(lists) + alloc + hole == RangePages(ranges)
  }

  // Every invariant, with the pages of `hole` in flight.
  ghost predicate PartialValid(s: State, hole: set<nat>) {
    && ConfigOk(s.pageSize, s.K)
    && RangesDisjoint(s.ranges)
    && FreeListsWellFormed(s.K, s.lists)
    && BlocksAlignedInRange(s.ranges, s.lists)
    && FreeListsDisjoint(s.lists)
    && ConservationWith(s.ranges, s.lists, s.alloc, hole)
    && FullyCoalesced(s.K, s.ranges, s.lists)
    && MruOrdered(s.lists, s.history)
  }

  // The length every operation relies on: one list per order.
  ghost predicate Shaped(s: State) {
    |s.lists| == s.K + 1
  }

  lemma ValidIsNoHole(s: State)
    ensures Valid(s) <==> PartialValid(s, {})
  {
    reveal Conservation, ConservationWith;
  }

  // ---- the list primitives ----------------------------------------------------------------------------------

  function RemoveAt<T>(l: seq<T>, i: nat): seq<T>
    requires i < |l|
  {
    l[..i] + l[i + 1..]
  }

  function IndexOf(l: seq<nat>, x: nat): (i: nat)
    requires x in l
    ensures i < |l| && l[i] == x
  {
    IndexFrom(l, x, 0)
  }

  function IndexFrom(l: seq<nat>, x: nat, i: nat): (r: nat)
    requires i <= |l| && x in l[i..]
    ensures i <= r < |l| && l[r] == x
    decreases |l| - i
  {
    if l[i] == x then i else IndexFrom(l, x, i + 1)
  }

  // Push b at the head of list k.
  function PushHead(s: State, k: nat, b: nat): State
    requires k < |s.lists|
  {
    s.(lists := s.lists[k := [b] + s.lists[k]])
  }

  // Append b at the tail of list k.
  function AppendTail(s: State, k: nat, b: nat): State
    requires k < |s.lists|
  {
    s.(lists := s.lists[k := s.lists[k] + [b]])
  }

  // Take the head of list k off its list.
  function PopHead(s: State, k: nat): State
    requires k < |s.lists| && |s.lists[k]| > 0
  {
    s.(lists := s.lists[k := s.lists[k][1..]])
  }

  // Take b out of list k, wherever it sits.
  function Unlink(s: State, k: nat, b: nat): State
    requires k < |s.lists| && b in s.lists[k]
  {
    var i := IndexOf(s.lists[k], b);
    s.(lists := s.lists[k := RemoveAt(s.lists[k], i)])
  }

  // Append an event to the ghost history.
  function Note(s: State, e: Event): State {
    s.(history := s.history + [e])
  }
}
