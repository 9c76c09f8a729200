// The contract of each operation as a relation between the state before (s) and after (s'), stated list by list and
// event by event. Nothing here calls the model's operations (Carve, MergeUp, SplitDown, FreeSpan, AllocatePages):
// these predicates say what any implementation must do to the free lists and to the ghost history, and
// ContractProofs.dfy shows that the model does it. Oracle.dfy states them as postconditions of the compiled class.
//
// Only the arithmetic of BlockArithmetic.dfy (LargestOrder, OrderFor, BuddyOf, ParentOf; each proved to be what its
// name says) and the lookup RangeIndexOf are shared with the model.
include "Operations.dfy"

module BuddyContract {
  import opened BlockArithmetic
  import opened BuddyState
  import opened BuddyOperations

  // ---- AddRange ---------------------------------------------------------------------------------------------

  // The carving of [p, hi) is into maximal naturally aligned blocks of order at most K, lowest address first: at
  // each step the block at p of order LargestOrder(p, hi, K) (LargestOrderIsLargest shows it is the largest that
  // fits). CarvedOfOrder is the pages of the carved blocks of order k, in carving order; CarvedEvents the events.
  ghost function CarvedOfOrder(p: nat, hi: nat, K: nat, k: nat): seq<nat>
    decreases hi - p
  {
    if p >= hi then [] else
      var j := LargestOrder(p, hi, K);
      (if j == k then [p] else []) + CarvedOfOrder(p + Pow2(j), hi, K, k)
  }

  ghost function CarvedEvents(p: nat, hi: nat, K: nat): seq<Event>
    decreases hi - p
  {
    if p >= hi then [] else
      var j := LargestOrder(p, hi, K);
      [Carved(j, p)] + CarvedEvents(p + Pow2(j), hi, K)
  }

  // AddRange of the pages [lo, hi): every list k afterwards is the old list k followed by the range's carved blocks
  // of order k in ascending address order; the history records each carved block, in carving order.
  ghost predicate AddRangeContract(s: State, s': State, lo: nat, hi: nat) {
    && s'.pageSize == s.pageSize && s'.K == s.K && s'.alloc == s.alloc
    && s'.ranges == s.ranges + [Range(lo, hi)]
    && |s'.lists| == |s.lists|
    && (forall k :: 0 <= k < |s.lists| ==> s'.lists[k] == s.lists[k] + CarvedOfOrder(lo, hi, s.K, k))
    && s'.history == s.history + CarvedEvents(lo, hi, s.K)
  }

  // ---- Free -------------------------------------------------------------------------------------------------

  // l' is l with a taken out where it was: every other element keeps its place relative to the others.
  ghost predicate Absorbed(l: seq<nat>, l': seq<nat>, a: nat) {
    exists i :: 0 <= i < |l| && l[i] == a && l' == l[..i] + l[i + 1..]
  }

  // Freeing the block of order k at b of range ri, from the lists of s to those of s', at orders k and above:
  // while its buddy lies wholly in range ri and is free at order k (k < K), the buddy is absorbed (gone from list k,
  // the rest of list k in order) and the merged block is the parent (ParentOf: the lower address, one order up);
  // then the merged block is the head of its list, the lists above are unchanged, and the history records it as
  // released.
  ghost predicate Merged(s: State, s': State, b: nat, k: nat, ri: nat)
    requires |s.lists| == s.K + 1 && |s'.lists| == |s.lists| && k <= s.K && ri < |s.ranges|
    decreases s.K - k
  {
    var a := BuddyOf(b, k);
    if k < s.K && InRange(s.ranges[ri], a, k) && a in s.lists[k] then
      && Absorbed(s.lists[k], s'.lists[k], a)
      && Merged(s, s', ParentOf(b, k), k + 1, ri)
    else
      && s'.lists[k] == [b] + s.lists[k]
      && (forall i :: k < i < |s.lists| ==> s'.lists[i] == s.lists[i])
      && s'.history == s.history + [Released(k, b)]
  }

  // One piece of a free: Merged, and nothing else changes (lists below order k, ranges, the allocated set).
  ghost predicate FreedBlock(s: State, s': State, b: nat, k: nat, ri: nat) {
    && |s.lists| == s.K + 1 && k <= s.K && ri < |s.ranges|
    && s'.pageSize == s.pageSize && s'.K == s.K && s'.ranges == s.ranges && s'.alloc == s.alloc
    && |s'.lists| == |s.lists|
    && (forall i :: 0 <= i < k ==> s'.lists[i] == s.lists[i])
    && Merged(s, s', b, k, ri)
  }

  // Free of the allocated pages [p, end): cut at range boundaries, each part into maximal aligned blocks lowest
  // first; each piece leaves the allocated set and is freed as FreedBlock says, in that order.
  ghost predicate FreedSpan(s: State, s': State, p: nat, end: nat)
    decreases end - p
  {
    if p >= end then s' == s
    else
      && InSomeRange(s.ranges, p)
      && var ri := RangeIndexOf(s.ranges, p);
         var e := Min(end, s.ranges[ri].hi);
         var j := LargestOrder(p, e, s.K);
         var s1 := s.(alloc := s.alloc - Block(p, j));
         exists mid :: FreedBlock(s1, mid, p, j, ri) && FreedSpan(mid, s', p + Pow2(j), end)
  }

  // ---- Allocate ---------------------------------------------------------------------------------------------

  // The events of a split of the block at B from order j down to k: the upper halves B + 2^i, i = j-1 down to k.
  ghost function UpperHalves(B: nat, j: nat, k: nat): seq<Event>
    decreases j - k
  {
    if j <= k then [] else [Released(j - 1, B + Pow2(j - 1))] + UpperHalves(B, j - 1, k)
  }

  // Taking B, the head of list j, and splitting it down to order k: list j loses its head; every list i in [k, j)
  // starts with the upper half B + 2^i followed by the old list i; the other lists are unchanged; the 2^k pages at B
  // become allocated.
  ghost predicate Split(s: State, mid: State, B: nat, j: nat, k: nat) {
    && |s.lists| == s.K + 1 && k <= j <= s.K && |s.lists[j]| > 0 && s.lists[j][0] == B
    && mid.pageSize == s.pageSize && mid.K == s.K && mid.ranges == s.ranges
    && mid.alloc == s.alloc + Block(B, k)
    && |mid.lists| == |s.lists|
    && mid.lists[j] == s.lists[j][1..]
    && (forall i :: k <= i < j ==> mid.lists[i] == [B + Pow2(i)] + s.lists[i])
    && (forall i :: 0 <= i < |s.lists| && (i < k || j < i) ==> mid.lists[i] == s.lists[i])
    && mid.history == s.history + UpperHalves(B, j, k)
  }

  // Allocate of n pages, returning page B: k is the smallest order with 2^k >= n; B is the old head of the smallest
  // non-empty list j >= k; B is split down to order k (Split); then the trimmed tail [B + n, B + 2^k) is freed by the
  // Free rule (FreedSpan).
  opaque ghost predicate AllocateContract(s: State, s': State, n: nat, B: nat) {
    var k := OrderFor(n);
    && |s.lists| == s.K + 1
    && exists j ::
      && k <= j <= s.K && |s.lists[j]| > 0 && (forall i :: k <= i < j ==> |s.lists[i]| == 0)
      && B == s.lists[j][0]
      && exists mid :: Split(s, mid, B, j, k) && FreedSpan(mid, s', B + n, B + Pow2(k))
  }
}
