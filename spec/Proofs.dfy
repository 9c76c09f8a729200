// Each operation of Operations.dfy keeps Valid() and does what docs/contract.md promises.
include "Lemmas.dfy"
include "Operations.dfy"

module BuddyProofs {
  import opened BlockArithmetic
  import opened BuddyState
  import opened BuddyLemmas
  import opened BuddyOperations

  // ---- spans of pages ---------------------------------------------------------------------------------------

  lemma SpanSplit(lo: nat, mid: nat, hi: nat)
    requires lo <= mid <= hi
    ensures Span(lo, mid) + Span(mid, hi) == Span(lo, hi)
    ensures Span(lo, mid) !! Span(mid, hi)
    ensures Span(lo, hi) - Span(lo, mid) == Span(mid, hi)
    ensures Span(lo, hi) - Span(mid, hi) == Span(lo, mid)
  {
    assert forall p :: p in Span(lo, hi) <==> InSpan(p, lo, hi);
    assert forall p :: p in Span(lo, mid) <==> InSpan(p, lo, mid);
    assert forall p :: p in Span(mid, hi) <==> InSpan(p, mid, hi);
  }

  lemma SpanOne(lo: nat, hi: nat)
    requires hi == lo + 1
    ensures Span(lo, hi) == {lo}
  {
    assert InSpan(lo, lo, hi);
    forall q | q in Span(lo, hi) ensures q == lo { assert InSpan(q, lo, hi); }
  }

  // A block and its buddy are the two halves of their parent.
  lemma BuddiesMakeParent(b: nat, k: nat)
    requires Aligned(b, k)
    ensures var m := Min(b, BuddyOf(b, k));
      && Aligned(m, k + 1)
      && Block(b, k) + Block(BuddyOf(b, k), k) == Block(m, k + 1)
  {
    BuddyFacts(b, k);
    var m := Min(b, BuddyOf(b, k));
    SpanSplit(m, m + Pow2(k), m + Pow2(k + 1));
  }

  // The halves of a block: the lower half is what is left of the block once the upper half is gone.
  lemma Halves(B: nat, j: nat)
    requires j > 0
    ensures Block(B + Pow2(j - 1), j - 1) <= Block(B, j)
    ensures Block(B, j) - Block(B + Pow2(j - 1), j - 1) == Block(B, j - 1)
  {
    SpanSplit(B, B + Pow2(j - 1), B + Pow2(j));
  }

  // ---- the hole and the allocated set -----------------------------------------------------------------------

  // Allocated pages about to be freed leave the allocated set for the hole.
  lemma AllocToHole(s: State, moved: set<nat>)
    requires Valid(s) && moved <= s.alloc
    ensures PartialValid(s.(alloc := s.alloc - moved), moved)
  {
    reveal Conservation, ConservationWith;
  }

  // The pages of the hole become allocated.
  lemma HoleToAlloc(s: State, hole: set<nat>)
    requires PartialValid(s, hole)
    ensures Valid(s.(alloc := s.alloc + hole))
    ensures s.alloc !! hole
  {
    reveal Conservation, ConservationWith;
  }

  lemma AllocatedInRanges(s: State, lo: nat, hi: nat)
    requires Valid(s) && Span(lo, hi) <= s.alloc
    ensures SpanInRanges(s.ranges, lo, hi)
  {
    forall q | lo <= q < hi ensures InSomeRange(s.ranges, q) {
      assert InSpan(q, lo, hi);
      assert q in RangePages(s.ranges) by { reveal Conservation; }
      var i: nat :| i < |s.ranges| && s.ranges[i].lo <= q < s.ranges[i].hi && InSpan(q, s.ranges[i].lo, s.ranges[i].hi);
    }
  }

  // ---- the merge rule ---------------------------------------------------------------------------------------

  // When the merge loop stops in range ri, the block's buddy is not free in any range that holds the block.
  lemma StopMeansCoalesced(s: State, b: nat, k: nat, ri: nat)
    requires RangesDisjoint(s.ranges) && |s.lists| == s.K + 1 && k <= s.K && ri < |s.ranges|
    requires InRange(s.ranges[ri], b, k)
    requires !(k < s.K && InRange(s.ranges[ri], BuddyOf(b, k), k) && BuddyOf(b, k) in s.lists[k])
    ensures CoalesceStops(s.K, s.ranges, s.lists, b, k)
  {
    forall rj | 0 <= rj < |s.ranges| && InRange(s.ranges[rj], b, k) && InRange(s.ranges[rj], BuddyOf(b, k), k)
      ensures k < s.K ==> BuddyOf(b, k) !in s.lists[k]
    {
      OneRangePerPage(s.ranges, ri, rj, b);
    }
  }

  lemma MergeUpKeeps(s: State, b: nat, k: nat, ri: nat)
    requires PartialValid(s, Block(b, k)) && k <= s.K && ri < |s.ranges|
    requires Aligned(b, k) && InRange(s.ranges[ri], b, k)
    ensures Valid(MergeUp(s, b, k, ri))
    decreases s.K - k
  {
    var buddy := BuddyOf(b, k);
    if k < s.K && InRange(s.ranges[ri], buddy, k) && buddy in s.lists[k] {
      UnlinkKeeps(s, k, buddy, Block(b, k));
      BuddiesMakeParent(b, k);
      BuddyFacts(b, k);
      MergeUpKeeps(Unlink(s, k, buddy), Min(b, buddy), k + 1, ri);
    } else {
      StopMeansCoalesced(s, b, k, ri);
      PushHeadKeeps(s, k, b, ri, Block(b, k));
      assert Block(b, k) - Block(b, k) == {};
      ValidIsNoHole(Note(PushHead(s, k, b), Released(k, b)));
    }
  }

  // Where the merge loop ends: the block that is finally pushed, and its order.
  ghost function MergeTarget(s: State, b: nat, k: nat, ri: nat): (nat, nat)
    requires Shaped(s) && k <= s.K && ri < |s.ranges|
    decreases s.K - k
  {
    var buddy := BuddyOf(b, k);
    if k < s.K && InRange(s.ranges[ri], buddy, k) && buddy in s.lists[k] then
      MergeTarget(Unlink(s, k, buddy), Min(b, buddy), k + 1, ri)
    else
      (b, k)
  }

  // The merge loop ends with its block at the head of its list, and that block contains the freed one.
  lemma MergeUpPushesAtHead(s: State, b: nat, k: nat, ri: nat)
    requires Shaped(s) && k <= s.K && ri < |s.ranges| && Aligned(b, k)
    ensures var (b', k') := MergeTarget(s, b, k, ri);
      && k <= k' <= s.K && Aligned(b', k') && Block(b, k) <= Block(b', k')
      && |MergeUp(s, b, k, ri).lists[k']| > 0 && MergeUp(s, b, k, ri).lists[k'][0] == b'
    decreases s.K - k
  {
    var buddy := BuddyOf(b, k);
    if k < s.K && InRange(s.ranges[ri], buddy, k) && buddy in s.lists[k] {
      BuddiesMakeParent(b, k);
      MergeUpPushesAtHead(Unlink(s, k, buddy), Min(b, buddy), k + 1, ri);
    }
  }

  // ---- Free -------------------------------------------------------------------------------------------------

  lemma FreeSpanKeeps(s: State, p: nat, end: nat)
    requires Valid(s) && Span(p, end) <= s.alloc && SpanInRanges(s.ranges, p, end)
    ensures Valid(FreeSpan(s, p, end))
    ensures FreeSpan(s, p, end).alloc == s.alloc - Span(p, end)
    decreases end - p
  {
    if p >= end {
      assert Span(p, end) == {} by { assert forall q :: q in Span(p, end) ==> InSpan(q, p, end); }
    } else {
      var ri := RangeIndexOf(s.ranges, p);
      var e := Min(end, s.ranges[ri].hi);
      var j := LargestOrder(p, e, s.K);
      LargestOrderIsLargest(p, e, s.K);
      var s1 := s.(alloc := s.alloc - Block(p, j));
      SpanSplit(p, p + Pow2(j), end);
      AllocToHole(s, Block(p, j));
      MergeUpKeeps(s1, p, j, ri);
      var s2 := MergeUp(s1, p, j, ri);
      FreeSpanKeeps(s2, p + Pow2(j), end);
    }
  }

  // ---- Allocate ---------------------------------------------------------------------------------------------

  lemma SplitDownKeeps(s: State, B: nat, j: nat, k: nat, ri: nat)
    requires PartialValid(s, Block(B, j)) && k <= j <= s.K && ri < |s.ranges|
    requires Aligned(B, j) && InRange(s.ranges[ri], B, j)
    ensures PartialValid(SplitDown(s, B, j, k), Block(B, k))
    decreases j - k
  {
    if j > k {
      var upper := B + Pow2(j - 1);
      HalvesAreBuddies(B, j - 1);
      Halves(B, j);
      BlockMember(B, B, j);
      FreeBlockNotInHole(s, Block(B, j), j - 1, B);
      PushHeadKeeps(s, j - 1, upper, ri, Block(B, j));
      SplitDownKeeps(Note(PushHead(s, j - 1, upper), Released(j - 1, upper)), B, j - 1, k, ri);
    }
  }

  // SplitDown pushes exactly the upper halves B + 2^i, i = j-1 down to k, each at the head of list i.
  lemma SplitDownPushesUpperHalves(s: State, B: nat, j: nat, k: nat)
    requires Shaped(s) && k <= j <= s.K
    ensures forall i :: 0 <= i < |s.lists| ==>
      SplitDown(s, B, j, k).lists[i] == if k <= i < j then [B + Pow2(i)] + s.lists[i] else s.lists[i]
    decreases j - k
  {
    if j > k {
      var upper := B + Pow2(j - 1);
      SplitDownPushesUpperHalves(Note(PushHead(s, j - 1, upper), Released(j - 1, upper)), B, j - 1, k);
    }
  }

  lemma AllocatePagesKeeps(s: State, n: nat)
    requires Valid(s) && 1 <= n <= Pow2(s.K) && HasFit(s.lists, OrderFor(n))
    ensures var (s', B) := AllocatePages(s, n);
      && Valid(s')
      && s'.alloc == s.alloc + Span(B, B + n)
      && s'.ranges == s.ranges
  {
    var k := OrderFor(n);
    OrderForIsSmallest(n, s.K);
    var j := SmallestNonEmpty(s.lists, k);
    var B := s.lists[j][0];
    TailInRanges(s, n);
    var ri :| 0 <= ri < |s.ranges| && InRange(s.ranges[ri], B, j);
    ValidIsNoHole(s);
    PopHeadKeeps(s, j, {});
    var s0 := PopHead(s, j);
    assert {} + Block(B, j) == Block(B, j);
    SplitDownKeeps(s0, B, j, k, ri);
    var s1 := SplitDown(s0, B, j, k);
    HoleToAlloc(s1, Block(B, k));
    var s2 := s1.(alloc := s1.alloc + Block(B, k));
    SpanSplit(B, B + n, B + Pow2(k));
    FreeSpanKeeps(s2, B + n, B + Pow2(k));
  }

  // ---- AddRange ---------------------------------------------------------------------------------------------

  // Every carved block of the new range [lo, hi) is maximal: one order larger would not fit. Two buddies of the
  // same order cannot both be maximal, so no carved block has a free buddy in its range.
  ghost predicate CarvedMaximal(K: nat, lists: seq<seq<nat>>, lo: nat, hi: nat) {
    forall k: nat, b :: k < |lists| && b in lists[k] && lo <= b < hi ==> k >= K || !Fits(b, hi, k + 1)
  }

  lemma MaximalBuddies(b: nat, c: nat, k: nat, hi: nat)
    requires Aligned(b, k) && c == BuddyOf(b, k)
    requires b + Pow2(k) <= hi && c + Pow2(k) <= hi
    ensures Fits(b, hi, k + 1) || Fits(c, hi, k + 1)
  {
    BuddyFacts(b, k);
  }

  lemma CarveStepCoalesced(s: State, lo: nat, p: nat, hi: nat, j: nat)
    requires PartialValid(s, Span(p, hi)) && |s.ranges| > 0 && s.ranges[|s.ranges| - 1] == Range(lo, hi)
    requires lo <= p < hi && j <= s.K && Fits(p, hi, j) && (j == s.K || !Fits(p, hi, j + 1))
    requires CarvedMaximal(s.K, s.lists, lo, hi)
    ensures CoalesceStops(s.K, s.ranges, s.lists, p, j)
  {
    var rn := |s.ranges| - 1;
    var c := BuddyOf(p, j);
    forall ri | 0 <= ri < |s.ranges| && InRange(s.ranges[ri], p, j) && InRange(s.ranges[ri], c, j)
      ensures j < s.K ==> c !in s.lists[j]
    {
      OneRangePerPage(s.ranges, ri, rn, p);
      if j < s.K && c in s.lists[j] {
        MaximalBuddies(p, c, j, hi);
      }
    }
  }

  lemma CarveKeeps(s: State, lo: nat, p: nat, hi: nat)
    requires PartialValid(s, Span(p, hi)) && |s.ranges| > 0 && s.ranges[|s.ranges| - 1] == Range(lo, hi)
    requires lo <= p <= hi
    requires CarvedMaximal(s.K, s.lists, lo, hi)
    ensures Valid(Carve(s, p, hi))
    decreases hi - p
  {
    var rn := |s.ranges| - 1;
    if p >= hi {
      assert Span(p, hi) == {} by { assert forall q :: q in Span(p, hi) ==> InSpan(q, p, hi); }
      ValidIsNoHole(s);
    } else {
      var j := LargestOrder(p, hi, s.K);
      LargestOrderIsLargest(p, hi, s.K);
      CarveStepCoalesced(s, lo, p, hi, j);
      SpanSplit(p, p + Pow2(j), hi);
      AppendTailKeeps(s, j, p, rn, Span(p, hi));
      var s' := Note(AppendTail(s, j, p), Carved(j, p));
      assert CarvedMaximal(s'.K, s'.lists, lo, hi) by {
        forall k: nat, b | k < |s'.lists| && b in s'.lists[k] && lo <= b < hi ensures k >= s.K || !Fits(b, hi, k + 1) {
          if k != j || b != p { assert b in s.lists[k]; }
        }
      }
      CarveKeeps(s', lo, p + Pow2(j), hi);
    }
  }

  // Adding the range [lo, hi), before carving: its pages are the hole, and no free block lies in it.
  lemma NewRangeKeeps(s: State, lo: nat, hi: nat)
    requires Valid(s) && lo < hi && NoOverlap(s.ranges, lo, hi)
    ensures var s1 := s.(ranges := s.ranges + [Range(lo, hi)]);
      && PartialValid(s1, Span(lo, hi))
      && CarvedMaximal(s1.K, s1.lists, lo, hi)
  {
    var r := Range(lo, hi);
    var ranges' := s.ranges + [r];
    var n := |s.ranges|;
    assert RangesDisjoint(ranges') by { reveal RangesDisjoint; }
    // Pages of the new range are in no old range.
    assert RangePages(ranges') == RangePages(s.ranges) + Span(lo, hi) by {
      forall q | q in RangePages(ranges') ensures q in RangePages(s.ranges) + Span(lo, hi) {
        var i: nat :| i < |ranges'| && ranges'[i].lo <= q < ranges'[i].hi && InSpan(q, ranges'[i].lo, ranges'[i].hi);
        if i < n { assert InSpan(q, s.ranges[i].lo, s.ranges[i].hi); } else { assert InSpan(q, lo, hi); }
      }
      forall q | q in RangePages(s.ranges) + Span(lo, hi) ensures q in RangePages(ranges') {
        if q in Span(lo, hi) {
          assert InSpan(q, lo, hi) && ranges'[n] == r;
        } else {
          var i: nat :| i < |s.ranges| && s.ranges[i].lo <= q < s.ranges[i].hi && InSpan(q, s.ranges[i].lo, s.ranges[i].hi);
          assert ranges'[i] == s.ranges[i];
        }
      }
    }
    assert RangePages(s.ranges) !! Span(lo, hi) by {
      forall q | q in RangePages(s.ranges) ensures q !in Span(lo, hi) {
        var i: nat :| i < |s.ranges| && s.ranges[i].lo <= q < s.ranges[i].hi && InSpan(q, s.ranges[i].lo, s.ranges[i].hi);
      }
    }
    assert ConservationWith(ranges', s.lists, s.alloc, Span(lo, hi)) by { reveal Conservation, ConservationWith; }
    // Every free block lies in an old range, hence not in [lo, hi).
    assert forall k: nat, b :: k < |s.lists| && b in s.lists[k] ==> b < lo || hi <= b by {
      forall k: nat, b | k < |s.lists| && b in s.lists[k] ensures b < lo || hi <= b {
        reveal BlocksAlignedInRange;
        var ri :| 0 <= ri < |s.ranges| && InRange(s.ranges[ri], b, k);
      }
    }
    assert BlocksAlignedInRange(ranges', s.lists) by {
      reveal BlocksAlignedInRange;
      forall k: nat, b | k < |s.lists| && b in s.lists[k]
        ensures exists ri :: 0 <= ri < |ranges'| && InRange(ranges'[ri], b, k)
      {
        var ri :| 0 <= ri < |s.ranges| && InRange(s.ranges[ri], b, k);
        assert ranges'[ri] == s.ranges[ri];
      }
    }
    assert FullyCoalesced(s.K, ranges', s.lists) by {
      reveal FullyCoalesced;
      forall k: nat, b | k < |s.lists| && b in s.lists[k] ensures CoalesceStops(s.K, ranges', s.lists, b, k) {
        assert CoalesceStops(s.K, s.ranges, s.lists, b, k);
        forall ri | 0 <= ri < |ranges'| && InRange(ranges'[ri], b, k) && InRange(ranges'[ri], BuddyOf(b, k), k)
          ensures k < s.K ==> BuddyOf(b, k) !in s.lists[k]
        {
          if ri < n { assert ranges'[ri] == s.ranges[ri]; }
        }
      }
    }
  }

  lemma AddPagesKeeps(s: State, lo: nat, hi: nat)
    requires Valid(s) && lo < hi && NoOverlap(s.ranges, lo, hi)
    ensures var s' := Carve(s.(ranges := s.ranges + [Range(lo, hi)]), lo, hi);
      && Valid(s')
      && s'.ranges == s.ranges + [Range(lo, hi)]
      && s'.alloc == s.alloc
  {
    NewRangeKeeps(s, lo, hi);
    CarveKeeps(s.(ranges := s.ranges + [Range(lo, hi)]), lo, lo, hi);
  }

  // ---- acceptable input meets the preconditions -------------------------------------------------------------

  lemma DivBelow(x: nat, d: nat, q: nat)
    requires d > 0 && x < (q + 1) * d
    ensures x / d <= q
  {
    if x / d > q {
      MulMonotone(q + 1, x / d, d);
      assert x == (x / d) * d + x % d;
    }
  }

  // 0 < size <= P * 2^K asks for n pages, 1 <= n <= 2^K.
  lemma PagesForBounds(P: nat, size: nat, K: nat)
    requires P > 0 && 0 < size <= P * Pow2(K)
    ensures 1 <= PagesFor(P, size) <= Pow2(K)
  {
    DivModUnique(P, P, 1, 0);
    assert (size + P - 1) >= P;
    if PagesFor(P, size) < 1 { assert (size + P - 1) / P == 0; }
    assert size + P - 1 < (Pow2(K) + 1) * P;
    DivBelow(size + P - 1, P, Pow2(K));
  }

  // The contract's acceptance rule for AddRange, in bytes: aligned, non-empty, ending by 2^64, sharing no byte
  // with an existing range (touching allowed).
  ghost predicate AddRangeAcceptable(s: State, start: nat, length: nat)
    requires s.pageSize > 0
  {
    var P := s.pageSize;
    && start % P == 0 && length % P == 0 && length > 0 && start + length <= AddressLimit
    && forall i :: 0 <= i < |s.ranges| ==> s.ranges[i].hi * P <= start || start + length <= s.ranges[i].lo * P
  }

  lemma MulLe(x: nat, y: nat, d: nat)
    requires d > 0
    ensures x * d <= y * d <==> x <= y
  {
    if x <= y { MulMonotone(x, y, d); } else { MulMonotone(y + 1, x, d); assert (y + 1) * d == y * d + d; }
  }

  // AddRangeCheck decides exactly the contract's rule (comparing page numbers is comparing bytes: all are aligned).
  lemma AddRangeCheckDecides(s: State, start: nat, length: nat)
    requires Valid(s)
    ensures AddRangeCheck(s, start, length) == Ok <==> AddRangeAcceptable(s, start, length)
  {
    var P := s.pageSize;
    if start % P == 0 && length % P == 0 && length > 0 && start + length <= AddressLimit {
      var a, b := start / P, (start + length) / P;
      DivModUnique(start, P, a, 0);
      DivModUnique(length, P, length / P, 0);
      DivModUnique(start + length, P, a + length / P, 0);
      assert start == a * P && start + length == b * P;
      forall i | 0 <= i < |s.ranges|
        ensures (s.ranges[i].hi <= a || b <= s.ranges[i].lo) <==>
                (s.ranges[i].hi * P <= start || start + length <= s.ranges[i].lo * P)
      {
        MulLe(s.ranges[i].hi, a, P);
        MulLe(b, s.ranges[i].lo, P);
      }
    }
  }

  lemma AddRangeAccepted(s: State, start: nat, length: nat)
    requires Valid(s) && AddRangeCheck(s, start, length) == Ok
    ensures var P := s.pageSize;
      && start / P < (start + length) / P
      && NoOverlap(s.ranges, start / P, (start + length) / P)
  {
    var P := s.pageSize;
    DivModUnique(start, P, start / P, 0);
    DivModUnique(length, P, length / P, 0);
    DivModUnique(start + length, P, start / P + length / P, 0);
  }

  // The contract's acceptance rule for Allocate: 0 < size <= M, and some list of a fitting order is non-empty.
  ghost predicate AllocateAcceptable(s: State, size: nat)
    requires s.pageSize > 0
  {
    && 0 < size <= s.pageSize * Pow2(s.K)
    && exists j :: OrderFor(PagesFor(s.pageSize, size)) <= j < |s.lists| && |s.lists[j]| > 0   // |lists| = K + 1
  }

  lemma AllocateCheckDecides(s: State, size: nat)
    requires Valid(s)
    ensures AllocateCheck(s, size) == Ok <==> AllocateAcceptable(s, size)
  {
  }

  lemma AllocateAccepted(s: State, size: nat)
    requires Valid(s) && AllocateCheck(s, size) == Ok
    ensures var n := PagesFor(s.pageSize, size);
      1 <= n <= Pow2(s.K) && HasFit(s.lists, OrderFor(n))
  {
    PagesForBounds(s.pageSize, size, s.K);
  }

  // The scan for an offending page finds none exactly when every page of the span is allocated.
  lemma FirstOffendingPageOk(s: State, first: nat, p: nat, end: nat)
    requires Valid(s)
    ensures FirstOffendingPage(s, first, p, end).0 == Ok <==> Span(p, end) <= s.alloc
    decreases end - p
  {
    if p >= end {
      assert Span(p, end) == {} by { assert forall q :: q in Span(p, end) ==> InSpan(q, p, end); }
    } else {
      FirstOffendingPageOk(s, first, p + 1, end);
      SpanSplit(p, p + 1, end);
      SpanOne(p, p + 1);
      if !InSomeRange(s.ranges, p) {
        assert p !in s.alloc by {
          reveal Conservation;
          if p in s.alloc {
            assert p in RangePages(s.ranges);
            var i: nat :| i < |s.ranges| && s.ranges[i].lo <= p < s.ranges[i].hi && InSpan(p, s.ranges[i].lo, s.ranges[i].hi);
          }
        }
      }
    }
  }

  ghost predicate FreeAcceptable(s: State, address: nat, size: nat)
    requires s.pageSize > 0
  {
    && size > 0
    && address % s.pageSize == 0
    && Span(address / s.pageSize, address / s.pageSize + PagesFor(s.pageSize, size)) <= s.alloc
  }

  lemma FreeAccepted(s: State, address: nat, size: nat)
    requires Valid(s)
    ensures FreeCheck(s, address, size).0 == Ok <==> FreeAcceptable(s, address, size)
    ensures FreeAcceptable(s, address, size) ==>
      var first := address / s.pageSize;
      SpanInRanges(s.ranges, first, first + PagesFor(s.pageSize, size))
  {
    if size > 0 && address % s.pageSize == 0 {
      var first := address / s.pageSize;
      var end := first + PagesFor(s.pageSize, size);
      FirstOffendingPageOk(s, first, first, end);
      if Span(first, end) <= s.alloc { AllocatedInRanges(s, first, end); }
    }
  }

  // Allocation takes the most recently inserted block of the smallest fitting non-empty order.
  lemma AllocateTakesMostRecent(s: State, n: nat)
    requires Valid(s) && 1 <= n <= Pow2(s.K) && HasFit(s.lists, OrderFor(n))
    ensures var j := SmallestNonEmpty(s.lists, OrderFor(n));
      && AllocatePages(s, n).1 == s.lists[j][0]
      && forall i :: 0 < i < |s.lists[j]| ==> MruBefore(s.history, j, s.lists[j][0], s.lists[j][i])
  {
    HeadIsMostRecent(s, SmallestNonEmpty(s.lists, OrderFor(n)));
  }
}
