// The heap's operations, written the way docs/contract.md states them. These functions are the compiled oracle;
// Proofs.dfy shows that each keeps Valid() and does what the contract promises.
//
// Page level: Carve (AddRange), SplitDown + FreeSpan (Allocate), FreeSpan (Free), all built from the four list
// primitives of Buddy.dfy and the merge rule MergeUp. Byte level: AddRange, Allocate and Free take addresses and
// sizes, decide first whether the input is acceptable (AddRangeCheck, AllocateCheck, FreeCheck, with the contract's
// error reasons) and leave the state unchanged on an error.
include "Buddy.dfy"

module BuddyOperations {
  import opened BlockArithmetic
  import opened BuddyState

  // ---- ranges -----------------------------------------------------------------------------------------------

  predicate InSomeRange(ranges: seq<Range>, p: nat) {
    exists i | 0 <= i < |ranges| :: ranges[i].lo <= p < ranges[i].hi
  }

  ghost predicate SpanInRanges(ranges: seq<Range>, lo: nat, hi: nat) {
    forall q :: lo <= q < hi ==> InSomeRange(ranges, q)
  }

  // The index of the range that holds page p.
  function RangeIndexOf(ranges: seq<Range>, p: nat): (ri: nat)
    requires InSomeRange(ranges, p)
    ensures ri < |ranges| && ranges[ri].lo <= p < ranges[ri].hi
  {
    RangeIndexFrom(ranges, p, 0)
  }

  function RangeIndexFrom(ranges: seq<Range>, p: nat, i: nat): (ri: nat)
    requires exists j :: i <= j < |ranges| && ranges[j].lo <= p < ranges[j].hi
    ensures i <= ri < |ranges| && ranges[ri].lo <= p < ranges[ri].hi
    decreases |ranges| - i
  {
    if ranges[i].lo <= p < ranges[i].hi then i else RangeIndexFrom(ranges, p, i + 1)
  }

  // The pages [lo, hi) share no page with any range.
  predicate NoOverlap(ranges: seq<Range>, lo: nat, hi: nat) {
    forall i | 0 <= i < |ranges| :: ranges[i].hi <= lo || hi <= ranges[i].lo
  }

  // ---- AddRange: carve the new range into maximal aligned blocks, lowest first, each at the tail ------------
  // Each insertion is a list primitive and an event of the ghost history (Note): Carved for AddRange, Released for a
  // block freed by the merge rule or an upper half left by a split.

  function Carve(s: State, p: nat, hi: nat): (s': State)
    requires Shaped(s)
    ensures Shaped(s') && s'.pageSize == s.pageSize && s'.K == s.K && s'.ranges == s.ranges && s'.alloc == s.alloc
    decreases hi - p
  {
    if p >= hi then s
    else
      var j := LargestOrder(p, hi, s.K);
      Carve(Note(AppendTail(s, j, p), Carved(j, p)), p + Pow2(j), hi)
  }

  // ---- the merge rule ---------------------------------------------------------------------------------------

  // Free the block of order k at b, which lies in range ri: while its buddy lies wholly in the same range and is a
  // whole free block of the same order, unlink the buddy and merge; then push the result at the head of its list.
  function MergeUp(s: State, b: nat, k: nat, ri: nat): (s': State)
    requires Shaped(s) && k <= s.K && ri < |s.ranges|
    ensures Shaped(s') && s'.pageSize == s.pageSize && s'.K == s.K && s'.ranges == s.ranges && s'.alloc == s.alloc
    decreases s.K - k
  {
    var buddy := BuddyOf(b, k);
    if k < s.K && InRange(s.ranges[ri], buddy, k) && buddy in s.lists[k] then
      MergeUp(Unlink(s, k, buddy), Min(b, buddy), k + 1, ri)
    else
      Note(PushHead(s, k, b), Released(k, b))
  }

  // Free the allocated pages [p, end): cut at range boundaries, each part into maximal aligned blocks, lowest
  // first, each block freed by the merge rule.
  function FreeSpan(s: State, p: nat, end: nat): (s': State)
    requires Shaped(s) && SpanInRanges(s.ranges, p, end)
    ensures Shaped(s') && s'.pageSize == s.pageSize && s'.K == s.K && s'.ranges == s.ranges
    decreases end - p
  {
    if p >= end then s
    else
      var ri := RangeIndexOf(s.ranges, p);
      var e := Min(end, s.ranges[ri].hi);
      var j := LargestOrder(p, e, s.K);
      var s1 := s.(alloc := s.alloc - Block(p, j));
      FreeSpan(MergeUp(s1, p, j, ri), p + Pow2(j), end)
  }

  // ---- Allocate ---------------------------------------------------------------------------------------------

  predicate HasFit(lists: seq<seq<nat>>, k: nat) {
    exists j | k <= j < |lists| :: |lists[j]| > 0
  }

  // The smallest order j >= k whose list is non-empty.
  function SmallestNonEmpty(lists: seq<seq<nat>>, k: nat): (j: nat)
    requires HasFit(lists, k)
    ensures k <= j < |lists| && |lists[j]| > 0
    ensures forall i :: k <= i < j ==> |lists[i]| == 0
    decreases |lists| - k
  {
    if |lists[k]| > 0 then k else SmallestNonEmpty(lists, k + 1)
  }

  // Split the block at B of order j down to order k: each time, push the upper half at the head of the next
  // order's list and keep the lower half.
  function SplitDown(s: State, B: nat, j: nat, k: nat): (s': State)
    requires Shaped(s) && k <= j <= s.K
    ensures Shaped(s') && s'.pageSize == s.pageSize && s'.K == s.K && s'.ranges == s.ranges && s'.alloc == s.alloc
    decreases j - k
  {
    if j == k then s
    else
      var upper := B + Pow2(j - 1);
      SplitDown(Note(PushHead(s, j - 1, upper), Released(j - 1, upper)), B, j - 1, k)
  }

  // Allocate n pages: pop the head B of the smallest non-empty list j >= k, split it down to order k, allocate
  // its 2^k pages, then free the trailing pages [B + n, B + 2^k) by the Free rule. Returns the state and B.
  function AllocatePages(s: State, n: nat): (State, nat)
    requires Valid(s) && 1 <= n <= Pow2(s.K) && HasFit(s.lists, OrderFor(n))
  {
    var k := OrderFor(n);
    var j := SmallestNonEmpty(s.lists, k);
    var B := s.lists[j][0];
    var s1 := SplitDown(PopHead(s, j), B, j, k);
    var s2 := s1.(alloc := s1.alloc + Block(B, k));
    TailInRanges(s, n);
    (FreeSpan(s2, B + n, B + Pow2(k)), B)
  }

  // The block Allocate takes lies in a range, so the pages it frees again do too.
  lemma TailInRanges(s: State, n: nat)
    requires Valid(s) && 1 <= n <= Pow2(s.K) && HasFit(s.lists, OrderFor(n))
    ensures var k := OrderFor(n);
      var j := SmallestNonEmpty(s.lists, k);
      var B := s.lists[j][0];
      && (exists ri :: 0 <= ri < |s.ranges| && InRange(s.ranges[ri], B, j))
      && Aligned(B, j)
      && SpanInRanges(s.ranges, B, B + Pow2(j))
      && SpanInRanges(s.ranges, B + n, B + Pow2(k))
  {
    var k := OrderFor(n);
    var j := SmallestNonEmpty(s.lists, k);
    var B := s.lists[j][0];
    assert B in s.lists[j];
    reveal BlocksAlignedInRange;
    var ri :| 0 <= ri < |s.ranges| && InRange(s.ranges[ri], B, j);
    Pow2Monotone(k, j);
    forall q | B <= q < B + Pow2(j) ensures InSomeRange(s.ranges, q) {
      assert s.ranges[ri].lo <= q < s.ranges[ri].hi;
    }
  }

  // ---- the byte-level edge: acceptable input, error reasons ------------------------------------------------

  // The reasons of docs/contract.md. CapacityExceeded (a limit of the C# heap's record array) has no counterpart:
  // the model has no such limit.
  datatype Error = Ok | Misaligned | Empty | Wraps | Overlaps | InvalidSize | Exhausted
                 | ForeignAddress | OutsideRanges | NotAllocated

  const AddressLimit: nat := 0x1_0000_0000_0000_0000  // 2^64

  // Pages of a request of `size` bytes: ceil(size / P).
  function PagesFor(pageSize: nat, size: nat): nat
    requires pageSize > 0
  {
    (size + pageSize - 1) / pageSize
  }

  function MaxBlock(s: State): nat {
    s.pageSize * Pow2(s.K)
  }

  function AddRangeCheck(s: State, start: nat, length: nat): Error
    requires s.pageSize > 0
  {
    var P := s.pageSize;
    if start % P != 0 || length % P != 0 then Misaligned
    else if length == 0 then Empty
    else if start + length > AddressLimit then Wraps
    else if !NoOverlap(s.ranges, start / P, (start + length) / P) then Overlaps
    else Ok
  }

  function AllocateCheck(s: State, size: nat): Error
    requires s.pageSize > 0
  {
    if size == 0 || size > MaxBlock(s) then InvalidSize
    else if !HasFit(s.lists, OrderFor(PagesFor(s.pageSize, size))) then Exhausted
    else Ok
  }

  // The error of a free and the first offending page, in ascending page order (0 when there is none).
  function FreeCheck(s: State, address: nat, size: nat): (Error, nat)
    requires s.pageSize > 0
  {
    var P := s.pageSize;
    if size == 0 then (InvalidSize, 0)
    else if address % P != 0 then (Misaligned, address / P)
    else
      var first := address / P;
      FirstOffendingPage(s, first, first, first + PagesFor(P, size))
  }

  function FirstOffendingPage(s: State, first: nat, p: nat, end: nat): (Error, nat)
    decreases end - p
  {
    if p >= end then (Ok, 0)
    else if !InSomeRange(s.ranges, p) then (if p == first then ForeignAddress else OutsideRanges, p)
    else if p !in s.alloc then (NotAllocated, p)
    else FirstOffendingPage(s, first, p + 1, end)
  }
}
