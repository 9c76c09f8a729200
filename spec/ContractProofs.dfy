// The model's operations meet the contract of Contract.dfy: each lemma relates an operation of Operations.dfy to the
// predicate that states, list by list and event by event, what the operation does.
include "Contract.dfy"
include "Proofs.dfy"

module BuddyContractProofs {
  import opened BlockArithmetic
  import opened BuddyState
  import opened BuddyOperations
  import opened BuddyProofs
  import opened BuddyContract

  // ---- AddRange ---------------------------------------------------------------------------------------------

  // One step of Carve, of the carved blocks of order k and of the carved events.
  lemma CarveStep(s: State, p: nat, hi: nat, k: nat)
    requires Shaped(s) && p < hi
    ensures var j := LargestOrder(p, hi, s.K);
      && Carve(s, p, hi) == Carve(Note(AppendTail(s, j, p), Carved(j, p)), p + Pow2(j), hi)
      && CarvedOfOrder(p, hi, s.K, k) == (if j == k then [p] else []) + CarvedOfOrder(p + Pow2(j), hi, s.K, k)
      && CarvedEvents(p, hi, s.K) == [Carved(j, p)] + CarvedEvents(p + Pow2(j), hi, s.K)
  {
  }

  lemma CarveEmpty(s: State, p: nat, hi: nat, k: nat)
    requires Shaped(s) && p >= hi
    ensures Carve(s, p, hi) == s && CarvedOfOrder(p, hi, s.K, k) == [] && CarvedEvents(p, hi, s.K) == []
  {
  }

  // One list at a time: list k after Carve is the old list k followed by the carved blocks of order k.
  lemma CarveList(s: State, p: nat, hi: nat, k: nat)
    requires Shaped(s) && k < |s.lists|
    ensures Carve(s, p, hi).lists[k] == s.lists[k] + CarvedOfOrder(p, hi, s.K, k)
    decreases hi - p
  {
    hide Carve, CarvedOfOrder, CarvedEvents;
    if p < hi {
      var j := LargestOrder(p, hi, s.K);
      var s1 := Note(AppendTail(s, j, p), Carved(j, p));
      CarveStep(s, p, hi, k);
      CarveList(s1, p + Pow2(j), hi, k);
      var rest := CarvedOfOrder(p + Pow2(j), hi, s.K, k);
      var x: seq<nat> := if j == k then [p] else [];
      assert s1.lists[k] == s.lists[k] + x;
      assert (s.lists[k] + x) + rest == s.lists[k] + (x + rest);
    } else {
      CarveEmpty(s, p, hi, k);
    }
  }

  lemma CarveHistory(s: State, p: nat, hi: nat)
    requires Shaped(s)
    ensures Carve(s, p, hi).history == s.history + CarvedEvents(p, hi, s.K)
    decreases hi - p
  {
    hide Carve, CarvedOfOrder, CarvedEvents;
    if p < hi {
      var j := LargestOrder(p, hi, s.K);
      var s1 := Note(AppendTail(s, j, p), Carved(j, p));
      CarveStep(s, p, hi, 0);
      CarveHistory(s1, p + Pow2(j), hi);
      var rest := CarvedEvents(p + Pow2(j), hi, s.K);
      assert (s.history + [Carved(j, p)]) + rest == s.history + ([Carved(j, p)] + rest);
    } else {
      CarveEmpty(s, p, hi, 0);
    }
  }

  lemma CarveMeetsContract(s: State, p: nat, hi: nat)
    requires Shaped(s)
    ensures var s' := Carve(s, p, hi);
      && |s'.lists| == |s.lists|
      && (forall k :: 0 <= k < |s.lists| ==> s'.lists[k] == s.lists[k] + CarvedOfOrder(p, hi, s.K, k))
      && s'.history == s.history + CarvedEvents(p, hi, s.K)
  {
    forall k | 0 <= k < |s.lists|
      ensures Carve(s, p, hi).lists[k] == s.lists[k] + CarvedOfOrder(p, hi, s.K, k)
    {
      CarveList(s, p, hi, k);
    }
    CarveHistory(s, p, hi);
  }

  lemma AddRangeMeetsContract(s: State, lo: nat, hi: nat)
    requires Shaped(s)
    ensures AddRangeContract(s, Carve(s.(ranges := s.ranges + [Range(lo, hi)]), lo, hi), lo, hi)
  {
    CarveMeetsContract(s.(ranges := s.ranges + [Range(lo, hi)]), lo, hi);
  }

  // ---- Free -------------------------------------------------------------------------------------------------

  // Merged looks at the lists of s from order k up only.
  lemma MergedFrame(s: State, s1: State, s': State, b: nat, k: nat, ri: nat)
    requires |s.lists| == s.K + 1 && |s'.lists| == |s.lists| && k <= s.K && ri < |s.ranges|
    requires s1.K == s.K && s1.ranges == s.ranges && s1.history == s.history && |s1.lists| == |s.lists|
    requires forall i :: k <= i < |s.lists| ==> s1.lists[i] == s.lists[i]
    ensures Merged(s1, s', b, k, ri) == Merged(s, s', b, k, ri)
    decreases s.K - k
  {
    if k < s.K { MergedFrame(s, s1, s', ParentOf(b, k), k + 1, ri); }
  }

  // One step of the merge loop.
  lemma MergeUpStep(s: State, b: nat, k: nat, ri: nat)
    requires Shaped(s) && k <= s.K && ri < |s.ranges|
    ensures var a := BuddyOf(b, k);
      if k < s.K && InRange(s.ranges[ri], a, k) && a in s.lists[k]
      then MergeUp(s, b, k, ri) == MergeUp(Unlink(s, k, a), Min(b, a), k + 1, ri)
      else MergeUp(s, b, k, ri) == Note(PushHead(s, k, b), Released(k, b))
  {
  }

  lemma MergeUpMeetsContract(s: State, b: nat, k: nat, ri: nat)
    requires Shaped(s) && k <= s.K && ri < |s.ranges| && Aligned(b, k)
    ensures FreedBlock(s, MergeUp(s, b, k, ri), b, k, ri)
    decreases s.K - k
  {
    hide MergeUp;
    var a := BuddyOf(b, k);
    MergeUpStep(s, b, k, ri);
    var s' := MergeUp(s, b, k, ri);
    if k < s.K && InRange(s.ranges[ri], a, k) && a in s.lists[k] {
      var s1 := Unlink(s, k, a);
      BuddyFacts(b, k);
      MergeGivesParent(b, k);
      assert Min(b, a) == ParentOf(b, k);
      MergeUpMeetsContract(s1, ParentOf(b, k), k + 1, ri);
      var i := IndexOf(s.lists[k], a);
      assert s'.lists[k] == s1.lists[k] == s.lists[k][..i] + s.lists[k][i + 1..];
      assert Absorbed(s.lists[k], s'.lists[k], a);
      MergedFrame(s, s1, s', ParentOf(b, k), k + 1, ri);
    }
  }

  // One piece of FreeSpan.
  lemma FreeSpanStep(s: State, p: nat, end: nat, ri: nat, j: nat, s1: State)
    requires Shaped(s) && SpanInRanges(s.ranges, p, end) && p < end
    requires ri == RangeIndexOf(s.ranges, p) && j == LargestOrder(p, Min(end, s.ranges[ri].hi), s.K)
    requires s1 == s.(alloc := s.alloc - Block(p, j))
    ensures FreeSpan(s, p, end) == FreeSpan(MergeUp(s1, p, j, ri), p + Pow2(j), end)
  {
  }

  lemma FreedSpanIntro(s: State, s': State, mid: State, p: nat, end: nat, ri: nat, j: nat)
    requires p < end && InSomeRange(s.ranges, p) && ri == RangeIndexOf(s.ranges, p)
    requires p < s.ranges[ri].hi && j == LargestOrder(p, Min(end, s.ranges[ri].hi), s.K)
    requires FreedBlock(s.(alloc := s.alloc - Block(p, j)), mid, p, j, ri)
    requires FreedSpan(mid, s', p + Pow2(j), end)
    ensures FreedSpan(s, s', p, end)
  {
  }

  lemma FreedSpanEmpty(s: State, p: nat, end: nat)
    requires p >= end
    ensures FreedSpan(s, s, p, end)
  {
  }

  lemma FreeSpanMeetsContract(s: State, p: nat, end: nat)
    requires Shaped(s) && SpanInRanges(s.ranges, p, end)
    ensures FreedSpan(s, FreeSpan(s, p, end), p, end)
    decreases end - p
  {
    hide *;
    reveal Shaped, SpanInRanges, InSomeRange, Min;
    if p < end {
      var ri := RangeIndexOf(s.ranges, p);
      var e := Min(end, s.ranges[ri].hi);
      var j := LargestOrder(p, e, s.K);
      LargestOrderIsLargest(p, e, s.K);
      reveal Fits;
      var s1 := s.(alloc := s.alloc - Block(p, j));
      FreeSpanStep(s, p, end, ri, j, s1);
      var mid := MergeUp(s1, p, j, ri);
      MergeUpMeetsContract(s1, p, j, ri);
      assert Shaped(mid) && mid.ranges == s.ranges by { reveal FreedBlock; }
      assert SpanInRanges(mid.ranges, p + Pow2(j), end);
      FreeSpanMeetsContract(mid, p + Pow2(j), end);
      assert FreeSpan(s, p, end) == FreeSpan(mid, p + Pow2(j), end);
      assert FreedSpan(mid, FreeSpan(s, p, end), p + Pow2(j), end);
      FreedSpanIntro(s, FreeSpan(s, p, end), mid, p, end, ri, j);
    } else {
      reveal FreeSpan;
      FreedSpanEmpty(s, p, end);
    }
  }

  // ---- Allocate ---------------------------------------------------------------------------------------------

  lemma SplitDownStep(s: State, B: nat, j: nat, k: nat)
    requires Shaped(s) && k < j <= s.K
    ensures var upper := B + Pow2(j - 1);
      && SplitDown(s, B, j, k) == SplitDown(Note(PushHead(s, j - 1, upper), Released(j - 1, upper)), B, j - 1, k)
      && UpperHalves(B, j, k) == [Released(j - 1, upper)] + UpperHalves(B, j - 1, k)
  {
  }

  lemma SplitDownList(s: State, B: nat, j: nat, k: nat, i: nat)
    requires Shaped(s) && k <= j <= s.K && i < |s.lists|
    ensures |SplitDown(s, B, j, k).lists| == |s.lists|
    ensures SplitDown(s, B, j, k).lists[i] == if k <= i < j then [B + Pow2(i)] + s.lists[i] else s.lists[i]
    decreases j - k
  {
    hide SplitDown, UpperHalves;
    if j > k {
      var upper := B + Pow2(j - 1);
      var s1 := Note(PushHead(s, j - 1, upper), Released(j - 1, upper));
      SplitDownStep(s, B, j, k);
      SplitDownList(s1, B, j - 1, k, i);
    } else {
      reveal SplitDown;
    }
  }

  lemma SplitDownHistory(s: State, B: nat, j: nat, k: nat)
    requires Shaped(s) && k <= j <= s.K
    ensures SplitDown(s, B, j, k).history == s.history + UpperHalves(B, j, k)
    decreases j - k
  {
    hide SplitDown, UpperHalves;
    if j > k {
      var upper := B + Pow2(j - 1);
      var s1 := Note(PushHead(s, j - 1, upper), Released(j - 1, upper));
      SplitDownStep(s, B, j, k);
      SplitDownHistory(s1, B, j - 1, k);
      var e := Released(j - 1, upper);
      assert (s.history + [e]) + UpperHalves(B, j - 1, k) == s.history + ([e] + UpperHalves(B, j - 1, k));
    } else {
      reveal SplitDown, UpperHalves;
    }
  }

  lemma SplitDownMeetsContract(s: State, B: nat, j: nat, k: nat)
    requires Shaped(s) && k <= j <= s.K
    ensures var s' := SplitDown(s, B, j, k);
      && (forall i :: 0 <= i < |s.lists| ==>
            s'.lists[i] == if k <= i < j then [B + Pow2(i)] + s.lists[i] else s.lists[i])
      && s'.history == s.history + UpperHalves(B, j, k)
  {
    forall i | 0 <= i < |s.lists|
      ensures SplitDown(s, B, j, k).lists[i] == if k <= i < j then [B + Pow2(i)] + s.lists[i] else s.lists[i]
    {
      SplitDownList(s, B, j, k, i);
    }
    SplitDownHistory(s, B, j, k);
  }

  lemma AllocatePagesMeetsContract(s: State, n: nat)
    requires Valid(s) && 1 <= n <= Pow2(s.K) && HasFit(s.lists, OrderFor(n))
    ensures AllocateContract(s, AllocatePages(s, n).0, n, AllocatePages(s, n).1)
  {
    var k := OrderFor(n);
    OrderForIsSmallest(n, s.K);
    var j := SmallestNonEmpty(s.lists, k);
    var B := s.lists[j][0];
    TailInRanges(s, n);
    var s0 := PopHead(s, j);
    var s1 := SplitDown(s0, B, j, k);
    SplitDownMeetsContract(s0, B, j, k);
    var mid := s1.(alloc := s1.alloc + Block(B, k));
    assert Split(s, mid, B, j, k);
    FreeSpanMeetsContract(mid, B + n, B + Pow2(k));
    assert AllocatePages(s, n) == (FreeSpan(mid, B + n, B + Pow2(k)), B);
    assert Split(s, mid, B, j, k) && FreedSpan(mid, AllocatePages(s, n).0, B + n, B + Pow2(k));
    reveal AllocateContract;
  }
}
