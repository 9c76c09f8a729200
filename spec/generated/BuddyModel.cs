// Dafny program Oracle.dfy compiled into C#
// To recompile, you will need the libraries
//     System.Runtime.Numerics.dll System.Collections.Immutable.dll
// but the 'dotnet' tool in .NET should pick those up automatically.
// Optionally, you may want to include compiler switches like
//     /debug /nowarn:162,164,168,183,219,436,1717,1718

using System;
using System.Numerics;
using System.Collections;
[assembly: DafnyAssembly.DafnySourceAttribute(@"// dafny 4.11.0.0
// Command-line arguments: translate cs spec/Oracle.dfy --include-runtime --no-verify --output spec/generated/BuddyModel
// Oracle.dfy


module BuddyOracle {
  lemma EmptyIsValid(s: State)
    requires ConfigOk(s.pageSize, s.K) && s.ranges == [] && s.alloc == {}
    requires s.lists == seq(s.K + 1, (_ /* _v1 */: int) => [])
    ensures BuddyState.Valid(s)
    decreases s
  {
    reveal RangesDisjoint, NoDup, BlocksAlignedInRange, FreeListsDisjoint, Conservation, FullyCoalesced;
    reveal MruOrdered;
    assert FreePages(s.lists) == {};
    assert RangePages(s.ranges) == {};
  }

  import opened BlockArithmetic

  import opened BuddyState

  import opened BuddyOperations

  import opened BuddyProofs

  import opened BuddyContract

  import opened BuddyContractProofs

  class Heap {
    var state: State

    ghost predicate Valid()
      reads this
      decreases {this}
    {
      BuddyState.Valid(state)
    }

    constructor (pageSize: nat, maxOrder: nat)
      requires ConfigOk(pageSize, maxOrder)
      ensures Valid() && state.pageSize == pageSize && state.K == maxOrder
      ensures state.ranges == [] && state.alloc == {}
      ensures forall k: int {:trigger state.lists[k]} :: 0 <= k <= maxOrder ==> state.lists[k] == []
      decreases pageSize, maxOrder
    {
      state := State(pageSize, maxOrder, [], seq(maxOrder + 1, (_ /* _v0 */: int) => []), {}, []);
      new;
      EmptyIsValid(state);
    }

    method AddRange(start: nat, length: nat) returns (err: Error)
      requires Valid()
      modifies this
      ensures Valid()
      ensures err == AddRangeCheck(old(state), start, length)
      ensures err == Ok <==> AddRangeAcceptable(old(state), start, length)
      ensures err != Ok ==> state == old(state)
      ensures err == Ok ==> var P: nat := state.pageSize; var lo: int, hi: int := start / P, (start + length) / P; state == Carve(old(state).(ranges := old(state).ranges + [Range(lo, hi)]), lo, hi) && state.ranges == old(state).ranges + [Range(lo, hi)] && state.alloc == old(state).alloc && AddRangeContract(old(state), state, lo, hi)
      decreases start, length
    {
      err := AddRangeCheck(state, start, length);
      AddRangeCheckDecides(state, start, length);
      if err == Ok {
        var P := state.pageSize;
        var lo, hi := start / P, (start + length) / P;
        AddRangeAccepted(state, start, length);
        AddPagesKeeps(state, lo, hi);
        AddRangeMeetsContract(state, lo, hi);
        state := Carve(state.(ranges := state.ranges + [Range(lo, hi)]), lo, hi);
      }
    }

    method Allocate(size: nat) returns (err: Error, address: nat)
      requires Valid()
      modifies this
      ensures Valid()
      ensures err == AllocateCheck(old(state), size)
      ensures err == Ok <==> AllocateAcceptable(old(state), size)
      ensures err != Ok ==> state == old(state) && address == 0
      ensures err == Ok ==> var P: nat := state.pageSize; var n: nat := PagesFor(P, size); 1 <= n <= Pow2(old(state).K) && HasFit(old(state).lists, OrderFor(n)) && var j: nat := SmallestNonEmpty(old(state).lists, OrderFor(n)); address == old(state).lists[j][0] * P && (forall i: int {:trigger old(state).lists[j][i]} :: 0 < i < |old(state).lists[j]| ==> MruBefore(old(state).history, j, old(state).lists[j][0], old(state).lists[j][i])) && (state, address / P) == AllocatePages(old(state), n) && state.alloc == old(state).alloc + Span(address / P, address / P + n) && state.ranges == old(state).ranges && AllocateContract(old(state), state, n, address / P)
      decreases size
    {
      err := AllocateCheck(state, size);
      AllocateCheckDecides(state, size);
      address := 0;
      if err == Ok {
        var P := state.pageSize;
        var n := PagesFor(P, size);
        AllocateAccepted(state, size);
        AllocatePagesKeeps(state, n);
        AllocateTakesMostRecent(state, n);
        AllocatePagesMeetsContract(state, n);
        var result := AllocatePages(state, n);
        var b := result.1;
        state := result.0;
        address := b * P;
        DivModUnique(address, P, b, 0);
      }
    }

    method Free(address: nat, size: nat)
        returns (err: Error, page: nat)
      requires Valid()
      modifies this
      ensures Valid()
      ensures (err, page) == FreeCheck(old(state), address, size)
      ensures err == Ok <==> FreeAcceptable(old(state), address, size)
      ensures err != Ok ==> state == old(state)
      ensures err == Ok ==> var first: int := address / state.pageSize; var end: int := first + PagesFor(state.pageSize, size); SpanInRanges(old(state).ranges, first, end) && state == FreeSpan(old(state), first, end) && state.alloc == old(state).alloc - Span(first, end) && state.ranges == old(state).ranges && FreedSpan(old(state), state, first, end)
      decreases address, size
    {
      FreeAccepted(state, address, size);
      var check := FreeCheck(state, address, size);
      err, page := check.0, check.1;
      if err == Ok {
        var first := address / state.pageSize;
        var end := first + PagesFor(state.pageSize, size);
        FreeSpanKeeps(state, first, end);
        FreeSpanMeetsContract(state, first, end);
        state := FreeSpan(state, first, end);
      }
    }

    function FreeList(order: nat): seq<nat>
      reads this
      decreases {this}, order
    {
      if order < |state.lists| then
        state.lists[order]
      else
        []
    }

    function PageSize(): nat
      reads this
      decreases {this}
    {
      state.pageSize
    }

    function MaxOrder(): nat
      reads this
      decreases {this}
    {
      state.K
    }

    function AllocatedPageCount(): nat
      reads this
      decreases {this}
    {
      |state.alloc|
    }

    function IsAllocated(page: nat): bool
      reads this
      decreases {this}, page
    {
      page in state.alloc
    }
  }
}

module BuddyContractProofs {
  lemma CarveStep(s: State, p: nat, hi: nat, k: nat)
    requires Shaped(s) && p < hi
    ensures ghost var j: nat := LargestOrder(p, hi, s.K); Carve(s, p, hi) == Carve(Note(AppendTail(s, j, p), Carved(j, p)), p + Pow2(j), hi) && CarvedOfOrder(p, hi, s.K, k) == (if j == k then [p] else []) + CarvedOfOrder(p + Pow2(j), hi, s.K, k) && CarvedEvents(p, hi, s.K) == [Carved(j, p)] + CarvedEvents(p + Pow2(j), hi, s.K)
    decreases s, p, hi, k
  {
  }

  lemma /*{:_inductionTrigger CarvedOfOrder(p, hi, s.K, k)}*/ /*{:_induction s, p, hi, k}*/ CarveEmpty(s: State, p: nat, hi: nat, k: nat)
    requires Shaped(s) && p >= hi
    ensures Carve(s, p, hi) == s && CarvedOfOrder(p, hi, s.K, k) == [] && CarvedEvents(p, hi, s.K) == []
    decreases s, p, hi, k
  {
  }

  lemma /*{:_inductionTrigger CarvedOfOrder(p, hi, s.K, k)}*/ /*{:_inductionTrigger Carve(s, p, hi).lists[k]}*/ /*{:_induction s, p, hi, k}*/ CarveList(s: State, p: nat, hi: nat, k: nat)
    requires Shaped(s) && k < |s.lists|
    ensures Carve(s, p, hi).lists[k] == s.lists[k] + CarvedOfOrder(p, hi, s.K, k)
    decreases hi - p
  {
    hide Carve, CarvedOfOrder, CarvedEvents;
    if p < hi {
      ghost var j := LargestOrder(p, hi, s.K);
      ghost var s1 := Note(AppendTail(s, j, p), Carved(j, p));
      CarveStep(s, p, hi, k);
      CarveList(s1, p + Pow2(j), hi, k);
      ghost var rest := CarvedOfOrder(p + Pow2(j), hi, s.K, k);
      ghost var x: seq<nat> := if j == k then [p] else [];
      assert s1.lists[k] == s.lists[k] + x;
      assert s.lists[k] + x + rest == s.lists[k] + (x + rest);
    } else {
      CarveEmpty(s, p, hi, k);
    }
  }

  lemma /*{:_inductionTrigger CarvedEvents(p, hi, s.K)}*/ /*{:_inductionTrigger Carve(s, p, hi)}*/ /*{:_induction s, p, hi}*/ CarveHistory(s: State, p: nat, hi: nat)
    requires Shaped(s)
    ensures Carve(s, p, hi).history == s.history + CarvedEvents(p, hi, s.K)
    decreases hi - p
  {
    hide Carve, CarvedOfOrder, CarvedEvents;
    if p < hi {
      ghost var j := LargestOrder(p, hi, s.K);
      ghost var s1 := Note(AppendTail(s, j, p), Carved(j, p));
      CarveStep(s, p, hi, 0);
      CarveHistory(s1, p + Pow2(j), hi);
      ghost var rest := CarvedEvents(p + Pow2(j), hi, s.K);
      assert s.history + [Carved(j, p)] + rest == s.history + ([Carved(j, p)] + rest);
    } else {
      CarveEmpty(s, p, hi, 0);
    }
  }

  lemma /*{:_inductionTrigger CarvedEvents(p, hi, s.K)}*/ /*{:_inductionTrigger Carve(s, p, hi)}*/ /*{:_induction s, p, hi}*/ CarveMeetsContract(s: State, p: nat, hi: nat)
    requires Shaped(s)
    ensures ghost var s': State := Carve(s, p, hi); |s'.lists| == |s.lists| && (forall k: int {:trigger CarvedOfOrder(p, hi, s.K, k)} {:trigger s.lists[k]} {:trigger s'.lists[k]} :: 0 <= k < |s.lists| ==> s'.lists[k] == s.lists[k] + CarvedOfOrder(p, hi, s.K, k)) && s'.history == s.history + CarvedEvents(p, hi, s.K)
    decreases s, p, hi
  {
    forall k: int | 0 <= k < |s.lists|
      ensures Carve(s, p, hi).lists[k] == s.lists[k] + CarvedOfOrder(p, hi, s.K, k)
    {
      CarveList(s, p, hi, k);
    }
    CarveHistory(s, p, hi);
  }

  lemma /*{:_inductionTrigger Range.Range(lo, hi)}*/ /*{:_induction lo, hi}*/ AddRangeMeetsContract(s: State, lo: nat, hi: nat)
    requires Shaped(s)
    ensures AddRangeContract(s, Carve(s.(ranges := s.ranges + [Range(lo, hi)]), lo, hi), lo, hi)
    decreases s, lo, hi
  {
    CarveMeetsContract(s.(ranges := s.ranges + [Range(lo, hi)]), lo, hi);
  }

  lemma /*{:_inductionTrigger Merged(s, s', b, k, ri), Merged(s1, s', b, k, ri)}*/ /*{:_inductionTrigger Merged(s, s', b, k, ri), s1.lists}*/ /*{:_inductionTrigger Merged(s, s', b, k, ri), s1.history}*/ /*{:_inductionTrigger Merged(s, s', b, k, ri), s1.ranges}*/ /*{:_inductionTrigger Merged(s, s', b, k, ri), s1.K}*/ /*{:_inductionTrigger Merged(s1, s', b, k, ri), s.history}*/ /*{:_inductionTrigger Merged(s1, s', b, k, ri), s.ranges}*/ /*{:_inductionTrigger Merged(s1, s', b, k, ri), s.K}*/ /*{:_inductionTrigger Merged(s1, s', b, k, ri), s.lists}*/ /*{:_induction s, s1, s', b, k, ri}*/ MergedFrame(s: State, s1: State, s': State, b: nat, k: nat, ri: nat)
    requires |s.lists| == s.K + 1 && |s'.lists| == |s.lists| && k <= s.K && ri < |s.ranges|
    requires s1.K == s.K && s1.ranges == s.ranges && s1.history == s.history && |s1.lists| == |s.lists|
    requires forall i: int {:trigger s.lists[i]} {:trigger s1.lists[i]} :: k <= i < |s.lists| ==> s1.lists[i] == s.lists[i]
    ensures Merged(s1, s', b, k, ri) == Merged(s, s', b, k, ri)
    decreases s.K - k
  {
    if k < s.K {
      MergedFrame(s, s1, s', ParentOf(b, k), k + 1, ri);
    }
  }

  lemma MergeUpStep(s: State, b: nat, k: nat, ri: nat)
    requires Shaped(s) && k <= s.K && ri < |s.ranges|
    ensures ghost var a: nat := BuddyOf(b, k); if k < s.K && InRange(s.ranges[ri], a, k) && a in s.lists[k] then MergeUp(s, b, k, ri) == MergeUp(Unlink(s, k, a), Min(b, a), k + 1, ri) else MergeUp(s, b, k, ri) == Note(PushHead(s, k, b), Released(k, b))
    decreases s, b, k, ri
  {
  }

  lemma /*{:_inductionTrigger MergeUp(s, b, k, ri)}*/ /*{:_induction s, b, k, ri}*/ MergeUpMeetsContract(s: State, b: nat, k: nat, ri: nat)
    requires Shaped(s) && k <= s.K && ri < |s.ranges| && Aligned(b, k)
    ensures FreedBlock(s, MergeUp(s, b, k, ri), b, k, ri)
    decreases s.K - k
  {
    hide MergeUp;
    ghost var a := BuddyOf(b, k);
    MergeUpStep(s, b, k, ri);
    ghost var s' := MergeUp(s, b, k, ri);
    if k < s.K && InRange(s.ranges[ri], a, k) && a in s.lists[k] {
      ghost var s1 := Unlink(s, k, a);
      BuddyFacts(b, k);
      MergeGivesParent(b, k);
      assert Min(b, a) == ParentOf(b, k);
      MergeUpMeetsContract(s1, ParentOf(b, k), k + 1, ri);
      ghost var i := IndexOf(s.lists[k], a);
      assert s'.lists[k] == s1.lists[k] == s.lists[k][..i] + s.lists[k][i + 1..];
      assert Absorbed(s.lists[k], s'.lists[k], a);
      MergedFrame(s, s1, s', ParentOf(b, k), k + 1, ri);
    }
  }

  lemma FreeSpanStep(s: State, p: nat, end: nat, ri: nat, j: nat, s1: State)
    requires Shaped(s) && SpanInRanges(s.ranges, p, end) && p < end
    requires ri == RangeIndexOf(s.ranges, p) && j == LargestOrder(p, Min(end, s.ranges[ri].hi), s.K)
    requires s1 == s.(alloc := s.alloc - Block(p, j))
    ensures FreeSpan(s, p, end) == FreeSpan(MergeUp(s1, p, j, ri), p + Pow2(j), end)
    decreases s, p, end, ri, j, s1
  {
  }

  lemma FreedSpanIntro(s: State, s': State, mid: State, p: nat, end: nat, ri: nat, j: nat)
    requires p < end && InSomeRange(s.ranges, p) && ri == RangeIndexOf(s.ranges, p)
    requires p < s.ranges[ri].hi && j == LargestOrder(p, Min(end, s.ranges[ri].hi), s.K)
    requires FreedBlock(s.(alloc := s.alloc - Block(p, j)), mid, p, j, ri)
    requires FreedSpan(mid, s', p + Pow2(j), end)
    ensures FreedSpan(s, s', p, end)
    decreases s, s', mid, p, end, ri, j
  {
  }

  lemma /*{:_inductionTrigger FreedSpan(s, s, p, end)}*/ /*{:_induction s, p, end}*/ FreedSpanEmpty(s: State, p: nat, end: nat)
    requires p >= end
    ensures FreedSpan(s, s, p, end)
    decreases s, p, end
  {
  }

  lemma /*{:_inductionTrigger FreeSpan(s, p, end)}*/ /*{:_inductionTrigger SpanInRanges(s.ranges, p, end)}*/ /*{:_induction s, p, end}*/ FreeSpanMeetsContract(s: State, p: nat, end: nat)
    requires Shaped(s) && SpanInRanges(s.ranges, p, end)
    ensures FreedSpan(s, FreeSpan(s, p, end), p, end)
    decreases end - p
  {
    hide *;
    reveal Shaped, SpanInRanges, InSomeRange, Min;
    if p < end {
      ghost var ri := RangeIndexOf(s.ranges, p);
      ghost var e := Min(end, s.ranges[ri].hi);
      ghost var j := LargestOrder(p, e, s.K);
      LargestOrderIsLargest(p, e, s.K);
      reveal Fits;
      ghost var s1 := s.(alloc := s.alloc - Block(p, j));
      FreeSpanStep(s, p, end, ri, j, s1);
      ghost var mid := MergeUp(s1, p, j, ri);
      MergeUpMeetsContract(s1, p, j, ri);
      assert Shaped(mid) && mid.ranges == s.ranges by {
        reveal FreedBlock;
      }
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

  lemma SplitDownStep(s: State, B: nat, j: nat, k: nat)
    requires Shaped(s) && k < j <= s.K
    ensures ghost var upper: int := B + Pow2(j - 1); SplitDown(s, B, j, k) == SplitDown(Note(PushHead(s, j - 1, upper), Released(j - 1, upper)), B, j - 1, k) && UpperHalves(B, j, k) == [Released(j - 1, upper)] + UpperHalves(B, j - 1, k)
    decreases s, B, j, k
  {
  }

  lemma /*{:_inductionTrigger Pow2(i), SplitDown(s, B, j, k)}*/ /*{:_induction s, B, j, k, i}*/ SplitDownList(s: State, B: nat, j: nat, k: nat, i: nat)
    requires Shaped(s) && k <= j <= s.K && i < |s.lists|
    ensures |SplitDown(s, B, j, k).lists| == |s.lists|
    ensures SplitDown(s, B, j, k).lists[i] == if k <= i < j then [B + Pow2(i)] + s.lists[i] else s.lists[i]
    decreases j - k
  {
    hide SplitDown, UpperHalves;
    if j > k {
      ghost var upper := B + Pow2(j - 1);
      ghost var s1 := Note(PushHead(s, j - 1, upper), Released(j - 1, upper));
      SplitDownStep(s, B, j, k);
      SplitDownList(s1, B, j - 1, k, i);
    } else {
      reveal SplitDown;
    }
  }

  lemma /*{:_inductionTrigger UpperHalves(B, j, k), s.K}*/ /*{:_inductionTrigger UpperHalves(B, j, k), Shaped(s)}*/ /*{:_inductionTrigger SplitDown(s, B, j, k)}*/ /*{:_induction s, B, j, k}*/ SplitDownHistory(s: State, B: nat, j: nat, k: nat)
    requires Shaped(s) && k <= j <= s.K
    ensures SplitDown(s, B, j, k).history == s.history + UpperHalves(B, j, k)
    decreases j - k
  {
    hide SplitDown, UpperHalves;
    if j > k {
      ghost var upper := B + Pow2(j - 1);
      ghost var s1 := Note(PushHead(s, j - 1, upper), Released(j - 1, upper));
      SplitDownStep(s, B, j, k);
      SplitDownHistory(s1, B, j - 1, k);
      ghost var e := Released(j - 1, upper);
      assert s.history + [e] + UpperHalves(B, j - 1, k) == s.history + ([e] + UpperHalves(B, j - 1, k));
    } else {
      reveal SplitDown, UpperHalves;
    }
  }

  lemma /*{:_inductionTrigger UpperHalves(B, j, k), |s.lists|}*/ /*{:_inductionTrigger UpperHalves(B, j, k), s.K}*/ /*{:_inductionTrigger UpperHalves(B, j, k), Shaped(s)}*/ /*{:_inductionTrigger SplitDown(s, B, j, k)}*/ /*{:_induction s, B, j, k}*/ SplitDownMeetsContract(s: State, B: nat, j: nat, k: nat)
    requires Shaped(s) && k <= j <= s.K
    ensures ghost var s': State := SplitDown(s, B, j, k); (forall i: int {:trigger s.lists[i]} {:trigger Pow2(i)} {:trigger s'.lists[i]} :: 0 <= i < |s.lists| ==> s'.lists[i] == if k <= i < j then [B + Pow2(i)] + s.lists[i] else s.lists[i]) && s'.history == s.history + UpperHalves(B, j, k)
    decreases s, B, j, k
  {
    forall i: int | 0 <= i < |s.lists|
      ensures SplitDown(s, B, j, k).lists[i] == if k <= i < j then [B + Pow2(i)] + s.lists[i] else s.lists[i]
    {
      SplitDownList(s, B, j, k, i);
    }
    SplitDownHistory(s, B, j, k);
  }

  lemma AllocatePagesMeetsContract(s: State, n: nat)
    requires Valid(s) && 1 <= n <= Pow2(s.K) && HasFit(s.lists, OrderFor(n))
    ensures AllocateContract(s, AllocatePages(s, n).0, n, AllocatePages(s, n).1)
    decreases s, n
  {
    ghost var k := OrderFor(n);
    OrderForIsSmallest(n, s.K);
    ghost var j := SmallestNonEmpty(s.lists, k);
    ghost var B := s.lists[j][0];
    TailInRanges(s, n);
    ghost var s0 := PopHead(s, j);
    ghost var s1 := SplitDown(s0, B, j, k);
    SplitDownMeetsContract(s0, B, j, k);
    ghost var mid := s1.(alloc := s1.alloc + Block(B, k));
    assert Split(s, mid, B, j, k);
    FreeSpanMeetsContract(mid, B + n, B + Pow2(k));
    assert AllocatePages(s, n) == (FreeSpan(mid, B + n, B + Pow2(k)), B);
    assert Split(s, mid, B, j, k) && FreedSpan(mid, AllocatePages(s, n).0, B + n, B + Pow2(k));
    reveal AllocateContract;
  }

  import opened BlockArithmetic

  import opened BuddyState

  import opened BuddyOperations

  import opened BuddyProofs

  import opened BuddyContract
}

module BuddyProofs {
  lemma SpanSplit(lo: nat, mid: nat, hi: nat)
    requires lo <= mid <= hi
    ensures Span(lo, mid) + Span(mid, hi) == Span(lo, hi)
    ensures Span(lo, mid) !! Span(mid, hi)
    ensures Span(lo, hi) - Span(lo, mid) == Span(mid, hi)
    ensures Span(lo, hi) - Span(mid, hi) == Span(lo, mid)
    decreases lo, mid, hi
  {
    assert forall p: nat {:trigger InSpan(p, lo, hi)} {:trigger p in Span(lo, hi)} :: p in Span(lo, hi) <==> InSpan(p, lo, hi);
    assert forall p: nat {:trigger InSpan(p, lo, mid)} {:trigger p in Span(lo, mid)} :: p in Span(lo, mid) <==> InSpan(p, lo, mid);
    assert forall p: nat {:trigger InSpan(p, mid, hi)} {:trigger p in Span(mid, hi)} :: p in Span(mid, hi) <==> InSpan(p, mid, hi);
  }

  lemma SpanOne(lo: nat, hi: nat)
    requires hi == lo + 1
    ensures Span(lo, hi) == {lo}
    decreases lo, hi
  {
    assert InSpan(lo, lo, hi);
    forall q: nat | q in Span(lo, hi)
      ensures q == lo
    {
      assert InSpan(q, lo, hi);
    }
  }

  lemma BuddiesMakeParent(b: nat, k: nat)
    requires Aligned(b, k)
    ensures ghost var m: nat := Min(b, BuddyOf(b, k)); Aligned(m, k + 1) && Block(b, k) + Block(BuddyOf(b, k), k) == Block(m, k + 1)
    decreases b, k
  {
    BuddyFacts(b, k);
    ghost var m := Min(b, BuddyOf(b, k));
    SpanSplit(m, m + Pow2(k), m + Pow2(k + 1));
  }

  lemma Halves(B: nat, j: nat)
    requires j > 0
    ensures Block(B + Pow2(j - 1), j - 1) <= Block(B, j)
    ensures Block(B, j) - Block(B + Pow2(j - 1), j - 1) == Block(B, j - 1)
    decreases B, j
  {
    SpanSplit(B, B + Pow2(j - 1), B + Pow2(j));
  }

  lemma AllocToHole(s: State, moved: set<nat>)
    requires Valid(s) && moved <= s.alloc
    ensures PartialValid(s.(alloc := s.alloc - moved), moved)
    decreases s, moved
  {
    reveal Conservation, ConservationWith;
  }

  lemma HoleToAlloc(s: State, hole: set<nat>)
    requires PartialValid(s, hole)
    ensures Valid(s.(alloc := s.alloc + hole))
    ensures s.alloc !! hole
    decreases s, hole
  {
    reveal Conservation, ConservationWith;
  }

  lemma AllocatedInRanges(s: State, lo: nat, hi: nat)
    requires Valid(s) && Span(lo, hi) <= s.alloc
    ensures SpanInRanges(s.ranges, lo, hi)
    decreases s, lo, hi
  {
    forall q: int | lo <= q < hi
      ensures InSomeRange(s.ranges, q)
    {
      assert InSpan(q, lo, hi);
      assert q in RangePages(s.ranges) by {
        reveal Conservation;
      }
      ghost var i: nat :| i < |s.ranges| && s.ranges[i].lo <= q < s.ranges[i].hi && InSpan(q, s.ranges[i].lo, s.ranges[i].hi);
    }
  }

  lemma StopMeansCoalesced(s: State, b: nat, k: nat, ri: nat)
    requires RangesDisjoint(s.ranges) && |s.lists| == s.K + 1 && k <= s.K && ri < |s.ranges|
    requires InRange(s.ranges[ri], b, k)
    requires !(k < s.K && InRange(s.ranges[ri], BuddyOf(b, k), k) && BuddyOf(b, k) in s.lists[k])
    ensures CoalesceStops(s.K, s.ranges, s.lists, b, k)
    decreases s, b, k, ri
  {
    forall rj: int | 0 <= rj < |s.ranges| && InRange(s.ranges[rj], b, k) && InRange(s.ranges[rj], BuddyOf(b, k), k)
      ensures k < s.K ==> BuddyOf(b, k) !in s.lists[k]
    {
      OneRangePerPage(s.ranges, ri, rj, b);
    }
  }

  lemma /*{:_inductionTrigger MergeUp(s, b, k, ri)}*/ /*{:_inductionTrigger s.ranges[ri], Aligned(b, k)}*/ /*{:_inductionTrigger s.ranges[ri], Block(b, k)}*/ /*{:_induction s, b, k, ri}*/ MergeUpKeeps(s: State, b: nat, k: nat, ri: nat)
    requires PartialValid(s, Block(b, k)) && k <= s.K && ri < |s.ranges|
    requires Aligned(b, k) && InRange(s.ranges[ri], b, k)
    ensures Valid(MergeUp(s, b, k, ri))
    decreases s.K - k
  {
    ghost var buddy := BuddyOf(b, k);
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

  ghost function MergeTarget(s: State, b: nat, k: nat, ri: nat): (nat, nat)
    requires Shaped(s) && k <= s.K && ri < |s.ranges|
    decreases s.K - k
  {
    ghost var buddy: nat := BuddyOf(b, k);
    if k < s.K && InRange(s.ranges[ri], buddy, k) && buddy in s.lists[k] then
      MergeTarget(Unlink(s, k, buddy), Min(b, buddy), k + 1, ri)
    else
      (b, k)
  }

  lemma /*{:_inductionTrigger MergeUp(s, b, k, ri)}*/ /*{:_inductionTrigger MergeTarget(s, b, k, ri)}*/ /*{:_induction s, b, k, ri}*/ MergeUpPushesAtHead(s: State, b: nat, k: nat, ri: nat)
    requires Shaped(s) && k <= s.K && ri < |s.ranges| && Aligned(b, k)
    ensures var (b': nat, k': nat) := MergeTarget(s, b, k, ri); k <= k' <= s.K && Aligned(b', k') && Block(b, k) <= Block(b', k') && |MergeUp(s, b, k, ri).lists[k']| > 0 && MergeUp(s, b, k, ri).lists[k'][0] == b'
    decreases s.K - k
  {
    ghost var buddy := BuddyOf(b, k);
    if k < s.K && InRange(s.ranges[ri], buddy, k) && buddy in s.lists[k] {
      BuddiesMakeParent(b, k);
      MergeUpPushesAtHead(Unlink(s, k, buddy), Min(b, buddy), k + 1, ri);
    }
  }

  lemma /*{:_inductionTrigger FreeSpan(s, p, end)}*/ /*{:_inductionTrigger s.ranges, Span(p, end)}*/ /*{:_induction s, p, end}*/ FreeSpanKeeps(s: State, p: nat, end: nat)
    requires Valid(s) && Span(p, end) <= s.alloc && SpanInRanges(s.ranges, p, end)
    ensures Valid(FreeSpan(s, p, end))
    ensures FreeSpan(s, p, end).alloc == s.alloc - Span(p, end)
    decreases end - p
  {
    if p >= end {
      assert Span(p, end) == {} by {
        assert forall q: nat {:trigger InSpan(q, p, end)} {:trigger q in Span(p, end)} :: q in Span(p, end) ==> InSpan(q, p, end);
      }
    } else {
      ghost var ri := RangeIndexOf(s.ranges, p);
      ghost var e := Min(end, s.ranges[ri].hi);
      ghost var j := LargestOrder(p, e, s.K);
      LargestOrderIsLargest(p, e, s.K);
      ghost var s1 := s.(alloc := s.alloc - Block(p, j));
      SpanSplit(p, p + Pow2(j), end);
      AllocToHole(s, Block(p, j));
      MergeUpKeeps(s1, p, j, ri);
      ghost var s2 := MergeUp(s1, p, j, ri);
      FreeSpanKeeps(s2, p + Pow2(j), end);
    }
  }

  lemma /*{:_inductionTrigger SplitDown(s, B, j, k)}*/ /*{:_induction s, B, j, k}*/ SplitDownKeeps(s: State, B: nat, j: nat, k: nat, ri: nat)
    requires PartialValid(s, Block(B, j)) && k <= j <= s.K && ri < |s.ranges|
    requires Aligned(B, j) && InRange(s.ranges[ri], B, j)
    ensures PartialValid(SplitDown(s, B, j, k), Block(B, k))
    decreases j - k
  {
    if j > k {
      ghost var upper := B + Pow2(j - 1);
      HalvesAreBuddies(B, j - 1);
      Halves(B, j);
      BlockMember(B, B, j);
      FreeBlockNotInHole(s, Block(B, j), j - 1, B);
      PushHeadKeeps(s, j - 1, upper, ri, Block(B, j));
      SplitDownKeeps(Note(PushHead(s, j - 1, upper), Released(j - 1, upper)), B, j - 1, k, ri);
    }
  }

  lemma /*{:_inductionTrigger SplitDown(s, B, j, k)}*/ /*{:_induction s, B, j, k}*/ SplitDownPushesUpperHalves(s: State, B: nat, j: nat, k: nat)
    requires Shaped(s) && k <= j <= s.K
    ensures forall i: int {:trigger s.lists[i]} {:trigger Pow2(i)} {:trigger SplitDown(s, B, j, k).lists[i]} :: 0 <= i < |s.lists| ==> SplitDown(s, B, j, k).lists[i] == if k <= i < j then [B + Pow2(i)] + s.lists[i] else s.lists[i]
    decreases j - k
  {
    if j > k {
      ghost var upper := B + Pow2(j - 1);
      SplitDownPushesUpperHalves(Note(PushHead(s, j - 1, upper), Released(j - 1, upper)), B, j - 1, k);
    }
  }

  lemma AllocatePagesKeeps(s: State, n: nat)
    requires Valid(s) && 1 <= n <= Pow2(s.K) && HasFit(s.lists, OrderFor(n))
    ensures var (s': State, B: nat) := AllocatePages(s, n); Valid(s') && s'.alloc == s.alloc + Span(B, B + n) && s'.ranges == s.ranges
    decreases s, n
  {
    ghost var k := OrderFor(n);
    OrderForIsSmallest(n, s.K);
    ghost var j := SmallestNonEmpty(s.lists, k);
    ghost var B := s.lists[j][0];
    TailInRanges(s, n);
    ghost var ri :| 0 <= ri < |s.ranges| && InRange(s.ranges[ri], B, j);
    ValidIsNoHole(s);
    PopHeadKeeps(s, j, {});
    ghost var s0 := PopHead(s, j);
    assert {} + Block(B, j) == Block(B, j);
    SplitDownKeeps(s0, B, j, k, ri);
    ghost var s1 := SplitDown(s0, B, j, k);
    HoleToAlloc(s1, Block(B, k));
    ghost var s2 := s1.(alloc := s1.alloc + Block(B, k));
    SpanSplit(B, B + n, B + Pow2(k));
    FreeSpanKeeps(s2, B + n, B + Pow2(k));
  }

  ghost predicate CarvedMaximal(K: nat, lists: seq<seq<nat>>, lo: nat, hi: nat)
    decreases K, lists, lo, hi
  {
    forall k: nat, b: int {:trigger b in lists[k]} :: 
      k < |lists| &&
      b in lists[k] &&
      lo <= b < hi ==>
        k >= K || !Fits(b, hi, k + 1)
  }

  lemma /*{:_inductionTrigger Pow2(k)}*/ /*{:_inductionTrigger BuddyOf(b, k)}*/ /*{:_inductionTrigger Aligned(b, k)}*/ /*{:_induction k}*/ MaximalBuddies(b: nat, c: nat, k: nat, hi: nat)
    requires Aligned(b, k) && c == BuddyOf(b, k)
    requires b + Pow2(k) <= hi && c + Pow2(k) <= hi
    ensures Fits(b, hi, k + 1) || Fits(c, hi, k + 1)
    decreases b, c, k, hi
  {
    BuddyFacts(b, k);
  }

  lemma CarveStepCoalesced(s: State, lo: nat, p: nat, hi: nat, j: nat)
    requires PartialValid(s, Span(p, hi)) && |s.ranges| > 0 && s.ranges[|s.ranges| - 1] == Range(lo, hi)
    requires lo <= p < hi && j <= s.K && Fits(p, hi, j) && (j == s.K || !Fits(p, hi, j + 1))
    requires CarvedMaximal(s.K, s.lists, lo, hi)
    ensures CoalesceStops(s.K, s.ranges, s.lists, p, j)
    decreases s, lo, p, hi, j
  {
    ghost var rn := |s.ranges| - 1;
    ghost var c := BuddyOf(p, j);
    forall ri: int | 0 <= ri < |s.ranges| && InRange(s.ranges[ri], p, j) && InRange(s.ranges[ri], c, j)
      ensures j < s.K ==> c !in s.lists[j]
    {
      OneRangePerPage(s.ranges, ri, rn, p);
      if j < s.K && c in s.lists[j] {
        MaximalBuddies(p, c, j, hi);
      }
    }
  }

  lemma /*{:_inductionTrigger Carve(s, p, hi)}*/ /*{:_inductionTrigger s.lists, Span(p, hi)}*/ /*{:_inductionTrigger s.K, Span(p, hi)}*/ /*{:_inductionTrigger s.ranges, Span(p, hi)}*/ /*{:_induction s, p, hi}*/ CarveKeeps(s: State, lo: nat, p: nat, hi: nat)
    requires PartialValid(s, Span(p, hi)) && |s.ranges| > 0 && s.ranges[|s.ranges| - 1] == Range(lo, hi)
    requires lo <= p <= hi
    requires CarvedMaximal(s.K, s.lists, lo, hi)
    ensures Valid(Carve(s, p, hi))
    decreases hi - p
  {
    ghost var rn := |s.ranges| - 1;
    if p >= hi {
      assert Span(p, hi) == {} by {
        assert forall q: nat {:trigger InSpan(q, p, hi)} {:trigger q in Span(p, hi)} :: q in Span(p, hi) ==> InSpan(q, p, hi);
      }
      ValidIsNoHole(s);
    } else {
      ghost var j := LargestOrder(p, hi, s.K);
      LargestOrderIsLargest(p, hi, s.K);
      CarveStepCoalesced(s, lo, p, hi, j);
      SpanSplit(p, p + Pow2(j), hi);
      AppendTailKeeps(s, j, p, rn, Span(p, hi));
      ghost var s' := Note(AppendTail(s, j, p), Carved(j, p));
      assert CarvedMaximal(s'.K, s'.lists, lo, hi) by {
        forall k: nat, b: int | k < |s'.lists| && b in s'.lists[k] && lo <= b < hi
          ensures k >= s.K || !Fits(b, hi, k + 1)
        {
          if k != j || b != p {
            assert b in s.lists[k];
          }
        }
      }
      CarveKeeps(s', lo, p + Pow2(j), hi);
    }
  }

  lemma NewRangeKeeps(s: State, lo: nat, hi: nat)
    requires Valid(s) && lo < hi && NoOverlap(s.ranges, lo, hi)
    ensures ghost var s1: State := s.(ranges := s.ranges + [Range(lo, hi)]); PartialValid(s1, Span(lo, hi)) && CarvedMaximal(s1.K, s1.lists, lo, hi)
    decreases s, lo, hi
  {
    ghost var r := Range(lo, hi);
    ghost var ranges' := s.ranges + [r];
    ghost var n := |s.ranges|;
    assert RangesDisjoint(ranges') by {
      reveal RangesDisjoint;
    }
    assert RangePages(ranges') == RangePages(s.ranges) + Span(lo, hi) by {
      forall q: int | q in RangePages(ranges')
        ensures q in RangePages(s.ranges) + Span(lo, hi)
      {
        ghost var i: nat :| i < |ranges'| && ranges'[i].lo <= q < ranges'[i].hi && InSpan(q, ranges'[i].lo, ranges'[i].hi);
        if i < n {
          assert InSpan(q, s.ranges[i].lo, s.ranges[i].hi);
        } else {
          assert InSpan(q, lo, hi);
        }
      }
      forall q: int | q in RangePages(s.ranges) + Span(lo, hi)
        ensures q in RangePages(ranges')
      {
        if q in Span(lo, hi) {
          assert InSpan(q, lo, hi) && ranges'[n] == r;
        } else {
          ghost var i: nat :| i < |s.ranges| && s.ranges[i].lo <= q < s.ranges[i].hi && InSpan(q, s.ranges[i].lo, s.ranges[i].hi);
          assert ranges'[i] == s.ranges[i];
        }
      }
    }
    assert RangePages(s.ranges) !! Span(lo, hi) by {
      forall q: int | q in RangePages(s.ranges)
        ensures q !in Span(lo, hi)
      {
        ghost var i: nat :| i < |s.ranges| && s.ranges[i].lo <= q < s.ranges[i].hi && InSpan(q, s.ranges[i].lo, s.ranges[i].hi);
      }
    }
    assert ConservationWith(ranges', s.lists, s.alloc, Span(lo, hi)) by {
      reveal Conservation, ConservationWith;
    }
    assert forall k: nat, b: int {:trigger b in s.lists[k]} :: k < |s.lists| && b in s.lists[k] ==> b < lo || hi <= b by {
      forall k: nat, b: int | k < |s.lists| && b in s.lists[k]
        ensures b < lo || hi <= b
      {
        reveal BlocksAlignedInRange;
        ghost var ri :| 0 <= ri < |s.ranges| && InRange(s.ranges[ri], b, k);
      }
    }
    assert BlocksAlignedInRange(ranges', s.lists) by {
      reveal BlocksAlignedInRange;
      forall k: nat, b: nat | k < |s.lists| && b in s.lists[k]
        ensures exists ri: int {:trigger ranges'[ri]} :: 0 <= ri < |ranges'| && InRange(ranges'[ri], b, k)
      {
        ghost var ri :| 0 <= ri < |s.ranges| && InRange(s.ranges[ri], b, k);
        assert ranges'[ri] == s.ranges[ri];
      }
    }
    assert FullyCoalesced(s.K, ranges', s.lists) by {
      reveal FullyCoalesced;
      forall k: nat, b: nat | k < |s.lists| && b in s.lists[k]
        ensures CoalesceStops(s.K, ranges', s.lists, b, k)
      {
        assert CoalesceStops(s.K, s.ranges, s.lists, b, k);
        forall ri: int | 0 <= ri < |ranges'| && InRange(ranges'[ri], b, k) && InRange(ranges'[ri], BuddyOf(b, k), k)
          ensures k < s.K ==> BuddyOf(b, k) !in s.lists[k]
        {
          if ri < n {
            assert ranges'[ri] == s.ranges[ri];
          }
        }
      }
    }
  }

  lemma /*{:_inductionTrigger Range.Range(lo, hi)}*/ /*{:_inductionTrigger NoOverlap(s.ranges, lo, hi)}*/ /*{:_induction lo, hi}*/ AddPagesKeeps(s: State, lo: nat, hi: nat)
    requires Valid(s) && lo < hi && NoOverlap(s.ranges, lo, hi)
    ensures ghost var s': State := Carve(s.(ranges := s.ranges + [Range(lo, hi)]), lo, hi); Valid(s') && s'.ranges == s.ranges + [Range(lo, hi)] && s'.alloc == s.alloc
    decreases s, lo, hi
  {
    NewRangeKeeps(s, lo, hi);
    CarveKeeps(s.(ranges := s.ranges + [Range(lo, hi)]), lo, lo, hi);
  }

  lemma DivBelow(x: nat, d: nat, q: nat)
    requires d > 0 && x < (q + 1) * d
    ensures x / d <= q
    decreases x, d, q
  {
    if x / d > q {
      MulMonotone(q + 1, x / d, d);
      assert x == x / d * d + x % d;
    }
  }

  lemma /*{:_inductionTrigger Pow2(K)}*/ /*{:_induction K}*/ PagesForBounds(P: nat, size: nat, K: nat)
    requires P > 0 && 0 < size <= P * Pow2(K)
    ensures 1 <= PagesFor(P, size) <= Pow2(K)
    decreases P, size, K
  {
    DivModUnique(P, P, 1, 0);
    assert size + P - 1 >= P;
    if PagesFor(P, size) < 1 {
      assert (size + P - 1) / P == 0;
    }
    assert size + P - 1 < (Pow2(K) + 1) * P;
    DivBelow(size + P - 1, P, Pow2(K));
  }

  ghost predicate AddRangeAcceptable(s: State, start: nat, length: nat)
    requires s.pageSize > 0
    decreases s, start, length
  {
    ghost var P: nat := s.pageSize;
    start % P == 0 &&
    length % P == 0 &&
    length > 0 &&
    start + length <= AddressLimit &&
    forall i: int {:trigger s.ranges[i]} :: 
      0 <= i < |s.ranges| ==>
        s.ranges[i].hi * P <= start || start + length <= s.ranges[i].lo * P
  }

  lemma MulLe(x: nat, y: nat, d: nat)
    requires d > 0
    ensures x * d <= y * d <==> x <= y
    decreases x, y, d
  {
    if x <= y {
      MulMonotone(x, y, d);
    } else {
      MulMonotone(y + 1, x, d);
      assert (y + 1) * d == y * d + d;
    }
  }

  lemma AddRangeCheckDecides(s: State, start: nat, length: nat)
    requires Valid(s)
    ensures AddRangeCheck(s, start, length) == Ok <==> AddRangeAcceptable(s, start, length)
    decreases s, start, length
  {
    ghost var P := s.pageSize;
    if start % P == 0 && length % P == 0 && length > 0 && start + length <= AddressLimit {
      ghost var a, b := start / P, (start + length) / P;
      DivModUnique(start, P, a, 0);
      DivModUnique(length, P, length / P, 0);
      DivModUnique(start + length, P, a + length / P, 0);
      assert start == a * P && start + length == b * P;
      forall i: int | 0 <= i < |s.ranges|
        ensures s.ranges[i].hi <= a || b <= s.ranges[i].lo <==> s.ranges[i].hi * P <= start || start + length <= s.ranges[i].lo * P
      {
        MulLe(s.ranges[i].hi, a, P);
        MulLe(b, s.ranges[i].lo, P);
      }
    }
  }

  lemma AddRangeAccepted(s: State, start: nat, length: nat)
    requires Valid(s) && AddRangeCheck(s, start, length) == Ok
    ensures ghost var P: nat := s.pageSize; start / P < (start + length) / P && NoOverlap(s.ranges, start / P, (start + length) / P)
    decreases s, start, length
  {
    ghost var P := s.pageSize;
    DivModUnique(start, P, start / P, 0);
    DivModUnique(length, P, length / P, 0);
    DivModUnique(start + length, P, start / P + length / P, 0);
  }

  ghost predicate AllocateAcceptable(s: State, size: nat)
    requires s.pageSize > 0
    decreases s, size
  {
    0 < size <= s.pageSize * Pow2(s.K) &&
    exists j: int {:trigger s.lists[j]} :: 
      OrderFor(PagesFor(s.pageSize, size)) <= j < |s.lists| &&
      |s.lists[j]| > 0
  }

  lemma AllocateCheckDecides(s: State, size: nat)
    requires Valid(s)
    ensures AllocateCheck(s, size) == Ok <==> AllocateAcceptable(s, size)
    decreases s, size
  {
  }

  lemma AllocateAccepted(s: State, size: nat)
    requires Valid(s) && AllocateCheck(s, size) == Ok
    ensures ghost var n: nat := PagesFor(s.pageSize, size); 1 <= n <= Pow2(s.K) && HasFit(s.lists, OrderFor(n))
    decreases s, size
  {
    PagesForBounds(s.pageSize, size, s.K);
  }

  lemma /*{:_inductionTrigger FirstOffendingPage(s, first, p, end)}*/ /*{:_induction s, first, p, end}*/ FirstOffendingPageOk(s: State, first: nat, p: nat, end: nat)
    requires Valid(s)
    ensures FirstOffendingPage(s, first, p, end).0 == Ok <==> Span(p, end) <= s.alloc
    decreases end - p
  {
    if p >= end {
      assert Span(p, end) == {} by {
        assert forall q: nat {:trigger InSpan(q, p, end)} {:trigger q in Span(p, end)} :: q in Span(p, end) ==> InSpan(q, p, end);
      }
    } else {
      FirstOffendingPageOk(s, first, p + 1, end);
      SpanSplit(p, p + 1, end);
      SpanOne(p, p + 1);
      if !InSomeRange(s.ranges, p) {
        assert p !in s.alloc by {
          reveal Conservation;
          if p in s.alloc {
            assert p in RangePages(s.ranges);
            ghost var i: nat :| i < |s.ranges| && s.ranges[i].lo <= p < s.ranges[i].hi && InSpan(p, s.ranges[i].lo, s.ranges[i].hi);
          }
        }
      }
    }
  }

  ghost predicate FreeAcceptable(s: State, address: nat, size: nat)
    requires s.pageSize > 0
    decreases s, address, size
  {
    size > 0 &&
    address % s.pageSize == 0 &&
    Span(address / s.pageSize, address / s.pageSize + PagesFor(s.pageSize, size)) <= s.alloc
  }

  lemma FreeAccepted(s: State, address: nat, size: nat)
    requires Valid(s)
    ensures FreeCheck(s, address, size).0 == Ok <==> FreeAcceptable(s, address, size)
    ensures FreeAcceptable(s, address, size) ==> ghost var first: int := address / s.pageSize; SpanInRanges(s.ranges, first, first + PagesFor(s.pageSize, size))
    decreases s, address, size
  {
    if size > 0 && address % s.pageSize == 0 {
      ghost var first := address / s.pageSize;
      ghost var end := first + PagesFor(s.pageSize, size);
      FirstOffendingPageOk(s, first, first, end);
      if Span(first, end) <= s.alloc {
        AllocatedInRanges(s, first, end);
      }
    }
  }

  lemma AllocateTakesMostRecent(s: State, n: nat)
    requires Valid(s) && 1 <= n <= Pow2(s.K) && HasFit(s.lists, OrderFor(n))
    ensures ghost var j: nat := SmallestNonEmpty(s.lists, OrderFor(n)); AllocatePages(s, n).1 == s.lists[j][0] && forall i: int {:trigger s.lists[j][i]} :: 0 < i < |s.lists[j]| ==> MruBefore(s.history, j, s.lists[j][0], s.lists[j][i])
    decreases s, n
  {
    HeadIsMostRecent(s, SmallestNonEmpty(s.lists, OrderFor(n)));
  }

  import opened BlockArithmetic

  import opened BuddyState

  import opened BuddyLemmas

  import opened BuddyOperations
}

module BuddyOperations {
  predicate InSomeRange(ranges: seq<Range>, p: nat)
    decreases ranges, p
  {
    exists i: int {:trigger ranges[i]} | 0 <= i < |ranges| :: 
      ranges[i].lo <= p &&
      p < ranges[i].hi
  }

  ghost predicate SpanInRanges(ranges: seq<Range>, lo: nat, hi: nat)
    decreases ranges, lo, hi
  {
    forall q: int {:trigger InSomeRange(ranges, q)} :: 
      lo <= q < hi ==>
        InSomeRange(ranges, q)
  }

  function RangeIndexOf(ranges: seq<Range>, p: nat): (ri: nat)
    requires InSomeRange(ranges, p)
    ensures ri < |ranges| && ranges[ri].lo <= p < ranges[ri].hi
    decreases ranges, p
  {
    RangeIndexFrom(ranges, p, 0)
  }

  function RangeIndexFrom(ranges: seq<Range>, p: nat, i: nat): (ri: nat)
    requires exists j: int {:trigger ranges[j]} :: i <= j < |ranges| && ranges[j].lo <= p && p < ranges[j].hi
    ensures i <= ri < |ranges| && ranges[ri].lo <= p < ranges[ri].hi
    decreases |ranges| - i
  {
    if ranges[i].lo <= p < ranges[i].hi then
      i
    else
      RangeIndexFrom(ranges, p, i + 1)
  }

  predicate NoOverlap(ranges: seq<Range>, lo: nat, hi: nat)
    decreases ranges, lo, hi
  {
    forall i: int {:trigger ranges[i]} | 0 <= i < |ranges| :: 
      ranges[i].hi <= lo || hi <= ranges[i].lo
  }

  function Carve(s: State, p: nat, hi: nat): (s': State)
    requires Shaped(s)
    ensures Shaped(s') && s'.pageSize == s.pageSize && s'.K == s.K && s'.ranges == s.ranges && s'.alloc == s.alloc
    decreases hi - p
  {
    if p >= hi then
      s
    else
      var j: nat := LargestOrder(p, hi, s.K); Carve(Note(AppendTail(s, j, p), Carved(j, p)), p + Pow2(j), hi)
  }

  function MergeUp(s: State, b: nat, k: nat, ri: nat): (s': State)
    requires Shaped(s) && k <= s.K && ri < |s.ranges|
    ensures Shaped(s') && s'.pageSize == s.pageSize && s'.K == s.K && s'.ranges == s.ranges && s'.alloc == s.alloc
    decreases s.K - k
  {
    var buddy: nat := BuddyOf(b, k);
    if k < s.K && InRange(s.ranges[ri], buddy, k) && buddy in s.lists[k] then
      MergeUp(Unlink(s, k, buddy), Min(b, buddy), k + 1, ri)
    else
      Note(PushHead(s, k, b), Released(k, b))
  }

  function FreeSpan(s: State, p: nat, end: nat): (s': State)
    requires Shaped(s) && SpanInRanges(s.ranges, p, end)
    ensures Shaped(s') && s'.pageSize == s.pageSize && s'.K == s.K && s'.ranges == s.ranges
    decreases end - p
  {
    if p >= end then
      s
    else
      var ri: nat := RangeIndexOf(s.ranges, p); var e: nat := Min(end, s.ranges[ri].hi); var j: nat := LargestOrder(p, e, s.K); var s1: State := s.(alloc := s.alloc - Block(p, j)); FreeSpan(MergeUp(s1, p, j, ri), p + Pow2(j), end)
  }

  predicate HasFit(lists: seq<seq<nat>>, k: nat)
    decreases lists, k
  {
    exists j: int {:trigger lists[j]} | k <= j < |lists| :: 
      |lists[j]| > 0
  }

  function SmallestNonEmpty(lists: seq<seq<nat>>, k: nat): (j: nat)
    requires HasFit(lists, k)
    ensures k <= j < |lists| && |lists[j]| > 0
    ensures forall i: int {:trigger lists[i]} :: k <= i < j ==> |lists[i]| == 0
    decreases |lists| - k
  {
    if |lists[k]| > 0 then
      k
    else
      SmallestNonEmpty(lists, k + 1)
  }

  function SplitDown(s: State, B: nat, j: nat, k: nat): (s': State)
    requires Shaped(s) && k <= j <= s.K
    ensures Shaped(s') && s'.pageSize == s.pageSize && s'.K == s.K && s'.ranges == s.ranges && s'.alloc == s.alloc
    decreases j - k
  {
    if j == k then
      s
    else
      var upper: int := B + Pow2(j - 1); SplitDown(Note(PushHead(s, j - 1, upper), Released(j - 1, upper)), B, j - 1, k)
  }

  function AllocatePages(s: State, n: nat): (State, nat)
    requires Valid(s) && 1 <= n <= Pow2(s.K) && HasFit(s.lists, OrderFor(n))
    decreases s, n
  {
    var k: nat := OrderFor(n);
    var j: nat := SmallestNonEmpty(s.lists, k);
    var B: int := s.lists[j][0];
    var s1: State := SplitDown(PopHead(s, j), B, j, k);
    var s2: State := s1.(alloc := s1.alloc + Block(B, k));
    TailInRanges(s, n);
    (FreeSpan(s2, B + n, B + Pow2(k)), B)
  }

  lemma TailInRanges(s: State, n: nat)
    requires Valid(s) && 1 <= n <= Pow2(s.K) && HasFit(s.lists, OrderFor(n))
    ensures ghost var k: nat := OrderFor(n); ghost var j: nat := SmallestNonEmpty(s.lists, k); ghost var B: int := s.lists[j][0]; (exists ri: int {:trigger s.ranges[ri]} :: 0 <= ri < |s.ranges| && InRange(s.ranges[ri], B, j)) && Aligned(B, j) && SpanInRanges(s.ranges, B, B + Pow2(j)) && SpanInRanges(s.ranges, B + n, B + Pow2(k))
    decreases s, n
  {
    ghost var k := OrderFor(n);
    ghost var j := SmallestNonEmpty(s.lists, k);
    ghost var B := s.lists[j][0];
    assert B in s.lists[j];
    reveal BlocksAlignedInRange;
    ghost var ri :| 0 <= ri < |s.ranges| && InRange(s.ranges[ri], B, j);
    Pow2Monotone(k, j);
    forall q: int | B <= q < B + Pow2(j)
      ensures InSomeRange(s.ranges, q)
    {
      assert s.ranges[ri].lo <= q < s.ranges[ri].hi;
    }
  }

  const AddressLimit: nat := 18446744073709551616

  function PagesFor(pageSize: nat, size: nat): nat
    requires pageSize > 0
    decreases pageSize, size
  {
    (size + pageSize - 1) / pageSize
  }

  function MaxBlock(s: State): nat
    decreases s
  {
    s.pageSize * Pow2(s.K)
  }

  function AddRangeCheck(s: State, start: nat, length: nat): Error
    requires s.pageSize > 0
    decreases s, start, length
  {
    var P: nat := s.pageSize;
    if start % P != 0 || length % P != 0 then
      Misaligned
    else if length == 0 then
      Empty
    else if start + length > AddressLimit then
      Wraps
    else if !NoOverlap(s.ranges, start / P, (start + length) / P) then
      Overlaps
    else
      Ok
  }

  function AllocateCheck(s: State, size: nat): Error
    requires s.pageSize > 0
    decreases s, size
  {
    if size == 0 || size > MaxBlock(s) then
      InvalidSize
    else if !HasFit(s.lists, OrderFor(PagesFor(s.pageSize, size))) then
      Exhausted
    else
      Ok
  }

  function FreeCheck(s: State, address: nat, size: nat): (Error, nat)
    requires s.pageSize > 0
    decreases s, address, size
  {
    var P: nat := s.pageSize;
    if size == 0 then
      (InvalidSize, 0)
    else if address % P != 0 then
      (Misaligned, address / P)
    else
      var first: int := address / P; FirstOffendingPage(s, first, first, first + PagesFor(P, size))
  }

  function FirstOffendingPage(s: State, first: nat, p: nat, end: nat): (Error, nat)
    decreases end - p
  {
    if p >= end then
      (Ok, 0)
    else if !InSomeRange(s.ranges, p) then
      (if p == first then ForeignAddress else OutsideRanges, p)
    else if p !in s.alloc then
      (NotAllocated, p)
    else
      FirstOffendingPage(s, first, p + 1, end)
  }

  import opened BlockArithmetic

  import opened BuddyState

  datatype Error = Ok | Misaligned | Empty | Wraps | Overlaps | InvalidSize | Exhausted | ForeignAddress | OutsideRanges | NotAllocated
}

module BuddyState {
  const MaxBlockBytes: nat := 1073741824

  predicate IsPowerOfTwo(n: nat)
    decreases n
  {
    n == 1 || (n >= 2 && n % 2 == 0 && IsPowerOfTwo(n / 2))
  }

  predicate ConfigOk(pageSize: nat, K: nat)
    decreases pageSize, K
  {
    IsPowerOfTwo(pageSize) &&
    pageSize * Pow2(K) <= MaxBlockBytes
  }

  predicate InSpan(p: nat, lo: nat, hi: nat)
    decreases p, lo, hi
  {
    lo <= p < hi
  }

  function Span(lo: nat, hi: nat): set<nat>
    decreases lo, hi
  {
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
    decreases lo, p
  {
    assert forall q: nat {:trigger InSpan(q, lo, lo)} {:trigger q in Span(lo, lo)} :: q in Span(lo, lo) <==> InSpan(q, lo, lo);
    assert forall q: nat {:trigger InSpan(q, lo, p)} {:trigger q in Span(lo, p)} :: q in Span(lo, p) <==> InSpan(q, lo, p);
    assert InSpan(p, lo, p + 1);
    forall q: nat | q in Span(lo, p + 1)
      ensures q in Span(lo, p) + {p}
    {
      assert InSpan(q, lo, p + 1);
      if q != p {
        assert InSpan(q, lo, p);
      }
    }
  }

  lemma SpanEmptyAbove(lo: nat, p: nat, hi: nat)
    requires lo <= p && (p == hi || (p == lo && hi <= lo))
    ensures Span(lo, p) == Span(lo, hi)
    decreases lo, p, hi
  {
    assert forall q: nat {:trigger InSpan(q, lo, p)} {:trigger q in Span(lo, p)} :: q in Span(lo, p) <==> InSpan(q, lo, p);
    assert forall q: nat {:trigger InSpan(q, lo, hi)} {:trigger q in Span(lo, hi)} :: q in Span(lo, hi) <==> InSpan(q, lo, hi);
  }

  function Block(b: nat, k: nat): set<nat>
    decreases b, k
  {
    Span(b, b + Pow2(k))
  }

  ghost predicate InBlock(p: nat, b: nat, k: nat)
    decreases p, b, k
  {
    b <= p < b + Pow2(k)
  }

  predicate InRange(r: Range, b: nat, k: nat)
    decreases r, b, k
  {
    r.lo <= b &&
    b + Pow2(k) <= r.hi
  }

  opaque ghost predicate NoDup(l: seq<nat>)
    decreases l
  {
    forall i: int, j: int {:trigger l[j], l[i]} :: 
      0 <= i < j < |l| ==>
        l[i] != l[j]
  }

  ghost function FreePages(lists: seq<seq<nat>>): set<nat>
    decreases lists
  {
    set k: nat, b: nat, p: nat {:trigger InBlock(p, b, k)} | k < |lists| && b in lists[k] && b <= p < b + Pow2(k) && InBlock(p, b, k) :: p
  }

  ghost function RangePages(ranges: seq<Range>): set<nat>
    decreases ranges
  {
    set i: nat, p: nat {:trigger InSpan(p, ranges[i].lo, ranges[i].hi)} | i < |ranges| && ranges[i].lo <= p < ranges[i].hi && InSpan(p, ranges[i].lo, ranges[i].hi) :: p
  }

  opaque ghost predicate RangesDisjoint(ranges: seq<Range>)
    decreases ranges
  {
    (forall i: int {:trigger ranges[i]} :: 
      0 <= i < |ranges| ==>
        ranges[i].lo < ranges[i].hi) &&
    forall i: int, j: int {:trigger ranges[j], ranges[i]} :: 
      0 <= i < |ranges| &&
      0 <= j < |ranges| &&
      i != j ==>
        ranges[i].hi <= ranges[j].lo || ranges[j].hi <= ranges[i].lo
  }

  ghost predicate FreeListsWellFormed(K: nat, lists: seq<seq<nat>>)
    decreases K, lists
  {
    |lists| == K + 1 &&
    forall k: int {:trigger lists[k]} :: 
      0 <= k < |lists| ==>
        NoDup(lists[k])
  }

  opaque ghost predicate BlocksAlignedInRange(ranges: seq<Range>, lists: seq<seq<nat>>)
    decreases ranges, lists
  {
    forall k: nat, b: nat {:trigger Aligned(b, k)} {:trigger b in lists[k]} :: 
      (k < |lists| &&
      b in lists[k] ==>
        Aligned(b, k)) &&
      (k < |lists| &&
      b in lists[k] ==>
        exists ri: int {:trigger ranges[ri]} :: 
          0 <= ri < |ranges| &&
          InRange(ranges[ri], b, k))
  }

  opaque ghost predicate FreeListsDisjoint(lists: seq<seq<nat>>)
    decreases lists
  {
    forall k1: nat, b1: int, k2: nat, b2: int {:trigger b2 in lists[k2], b1 in lists[k1]} :: 
      k1 < |lists| &&
      k2 < |lists| &&
      b1 in lists[k1] &&
      b2 in lists[k2] &&
      (k1 != k2 || b1 != b2) ==>
        b1 + Pow2(k1) <= b2 || b2 + Pow2(k2) <= b1
  }

  opaque ghost predicate Conservation(ranges: seq<Range>, lists: seq<seq<nat>>, alloc: set<nat>)
    decreases ranges, lists, alloc
  {
    FreePages(lists) !! alloc &&
    FreePages(lists) + alloc == RangePages(ranges)
  }

  ghost predicate CoalesceStops(K: nat, ranges: seq<Range>, lists: seq<seq<nat>>, b: nat, k: nat)
    decreases K, ranges, lists, b, k
  {
    k >= K || k >= |lists| || forall ri: int {:trigger ranges[ri]} :: 0 <= ri < |ranges| && InRange(ranges[ri], b, k) && InRange(ranges[ri], BuddyOf(b, k), k) ==> BuddyOf(b, k) !in lists[k]
  }

  opaque ghost predicate FullyCoalesced(K: nat, ranges: seq<Range>, lists: seq<seq<nat>>)
    decreases K, ranges, lists
  {
    forall k: nat, b: nat {:trigger CoalesceStops(K, ranges, lists, b, k)} {:trigger b in lists[k]} :: 
      k < |lists| &&
      b in lists[k] ==>
        CoalesceStops(K, ranges, lists, b, k)
  }

  ghost function LastInsert(h: seq<Event>, k: nat, b: nat): (i: int)
    ensures -1 <= i < |h|
    ensures i >= 0 ==> h[i].k == k && h[i].b == b
    decreases h, k, b
  {
    if |h| == 0 then
      -1
    else if h[|h| - 1].k == k && h[|h| - 1].b == b then
      |h| - 1
    else
      LastInsert(h[..|h| - 1], k, b)
  }

  ghost predicate MruBefore(h: seq<Event>, k: nat, x: nat, y: nat)
    decreases h, k, x, y
  {
    ghost var ix: int, iy: int := LastInsert(h, k, x), LastInsert(h, k, y);
    ix >= 0 &&
    iy >= 0 &&
    if h[ix].Released? then h[iy].Carved? || ix > iy else h[iy].Carved? && ix < iy
  }

  opaque ghost predicate MruOrdered(lists: seq<seq<nat>>, h: seq<Event>)
    decreases lists, h
  {
    (forall k: int, i: int {:trigger lists[k][i]} :: 
      0 <= k < |lists| &&
      0 <= i < |lists[k]| ==>
        LastInsert(h, k, lists[k][i]) >= 0) &&
    forall k: int, i: int, j: int {:trigger lists[k][j], lists[k][i]} :: 
      0 <= k < |lists| &&
      0 <= i < j < |lists[k]| ==>
        MruBefore(h, k, lists[k][i], lists[k][j])
  }

  ghost predicate Valid(s: State)
    decreases s
  {
    ConfigOk(s.pageSize, s.K) &&
    RangesDisjoint(s.ranges) &&
    FreeListsWellFormed(s.K, s.lists) &&
    BlocksAlignedInRange(s.ranges, s.lists) &&
    FreeListsDisjoint(s.lists) &&
    Conservation(s.ranges, s.lists, s.alloc) &&
    FullyCoalesced(s.K, s.ranges, s.lists) &&
    MruOrdered(s.lists, s.history)
  }

  opaque ghost predicate ConservationWith(ranges: seq<Range>, lists: seq<seq<nat>>, alloc: set<nat>, hole: set<nat>)
    decreases ranges, lists, alloc, hole
  {
    FreePages(lists) !! alloc &&
    FreePages(lists) !! hole &&
    alloc !! hole &&
    FreePages(lists) + alloc + hole == RangePages(ranges)
  }

  ghost predicate PartialValid(s: State, hole: set<nat>)
    decreases s, hole
  {
    ConfigOk(s.pageSize, s.K) &&
    RangesDisjoint(s.ranges) &&
    FreeListsWellFormed(s.K, s.lists) &&
    BlocksAlignedInRange(s.ranges, s.lists) &&
    FreeListsDisjoint(s.lists) &&
    ConservationWith(s.ranges, s.lists, s.alloc, hole) &&
    FullyCoalesced(s.K, s.ranges, s.lists) &&
    MruOrdered(s.lists, s.history)
  }

  ghost predicate Shaped(s: State)
    decreases s
  {
    |s.lists| == s.K + 1
  }

  lemma ValidIsNoHole(s: State)
    ensures Valid(s) <==> PartialValid(s, {})
    decreases s
  {
    reveal Conservation, ConservationWith;
  }

  function RemoveAt<T>(l: seq<T>, i: nat): seq<T>
    requires i < |l|
    decreases l, i
  {
    l[..i] + l[i + 1..]
  }

  function IndexOf(l: seq<nat>, x: nat): (i: nat)
    requires x in l
    ensures i < |l| && l[i] == x
    decreases l, x
  {
    IndexFrom(l, x, 0)
  }

  function IndexFrom(l: seq<nat>, x: nat, i: nat): (r: nat)
    requires i <= |l| && x in l[i..]
    ensures i <= r < |l| && l[r] == x
    decreases |l| - i
  {
    if l[i] == x then
      i
    else
      IndexFrom(l, x, i + 1)
  }

  function PushHead(s: State, k: nat, b: nat): State
    requires k < |s.lists|
    decreases s, k, b
  {
    s.(lists := s.lists[k := [b] + s.lists[k]])
  }

  function AppendTail(s: State, k: nat, b: nat): State
    requires k < |s.lists|
    decreases s, k, b
  {
    s.(lists := s.lists[k := s.lists[k] + [b]])
  }

  function PopHead(s: State, k: nat): State
    requires k < |s.lists| && |s.lists[k]| > 0
    decreases s, k
  {
    s.(lists := s.lists[k := s.lists[k][1..]])
  }

  function Unlink(s: State, k: nat, b: nat): State
    requires k < |s.lists| && b in s.lists[k]
    decreases s, k, b
  {
    var i: nat := IndexOf(s.lists[k], b);
    s.(lists := s.lists[k := RemoveAt(s.lists[k], i)])
  }

  function Note(s: State, e: Event): State
    decreases s, e
  {
    s.(history := s.history + [e])
  }

  import opened BlockArithmetic

  datatype Range = Range(lo: nat, hi: nat)

  datatype Event = Released(k: nat, b: nat) | Carved(k: nat, b: nat)

  datatype State = State(pageSize: nat, K: nat, ranges: seq<Range>, lists: seq<seq<nat>>, alloc: set<nat>, ghost history: seq<Event>)
}

module BlockArithmetic {
  function Pow2(k: nat): nat
    ensures Pow2(k) >= 1
    decreases k
  {
    if k == 0 then
      1
    else
      2 * Pow2(k - 1)
  }

  predicate Aligned(b: nat, k: nat)
    decreases b, k
  {
    b % Pow2(k) == 0
  }

  function Min(a: nat, b: nat): nat
    decreases a, b
  {
    if a <= b then
      a
    else
      b
  }

  function Max(a: nat, b: nat): nat
    decreases a, b
  {
    if a <= b then
      b
    else
      a
  }

  function BuddyOf(b: nat, k: nat): nat
    decreases b, k
  {
    if b / Pow2(k) % 2 == 0 then
      b + Pow2(k)
    else
      QuotientBound(b, Pow2(k)); b - Pow2(k)
  }

  function ParentOf(b: nat, k: nat): nat
    decreases b, k
  {
    ModBelow(b, Pow2(k + 1));
    b - b % Pow2(k + 1)
  }

  lemma QuotientBound(x: nat, d: nat)
    requires d > 0 && x / d >= 1
    ensures x >= d
    decreases x, d
  {
    assert x == x / d * d + x % d;
    MulMonotone(1, x / d, d);
  }

  lemma ModBelow(x: nat, d: nat)
    requires d > 0
    ensures x % d <= x
    decreases x, d
  {
    if x < d {
      DivModUnique(x, d, 0, x);
    }
  }

  lemma MulMonotone(a: nat, b: nat, d: nat)
    requires a <= b
    ensures a * d <= b * d
    decreases a, b, d
  {
  }

  lemma DivModUnique(x: nat, d: nat, q: nat, r: nat)
    requires d > 0 && r < d && x == q * d + r
    ensures x / d == q && x % d == r
    decreases x, d, q, r
  {
    ghost var q', r' := x / d, x % d;
    assert x == q' * d + r';
    if q' < q {
      MulMonotone(q' + 1, q, d);
      assert (q' + 1) * d == q' * d + d;
    } else if q < q' {
      MulMonotone(q + 1, q', d);
      assert (q + 1) * d == q * d + d;
    }
  }

  lemma /*{:_inductionTrigger Pow2(k)}*/ /*{:_inductionTrigger Aligned(b, k)}*/ /*{:_induction k}*/ AlignedIsMultiple(b: nat, k: nat)
    requires Aligned(b, k)
    ensures b == b / Pow2(k) * Pow2(k)
    decreases b, k
  {
  }

  lemma /*{:_inductionTrigger Pow2(k)}*/ /*{:_induction k}*/ MultipleIsAligned(q: nat, k: nat)
    ensures Aligned(q * Pow2(k), k) && q * Pow2(k) / Pow2(k) == q
    decreases q, k
  {
    DivModUnique(q * Pow2(k), Pow2(k), q, 0);
  }

  lemma Pow2Add(a: nat, b: nat)
    ensures Pow2(a + b) == Pow2(a) * Pow2(b)
    decreases b
  {
    if b > 0 {
      Pow2Add(a, b - 1);
      assert Pow2(a + b) == 2 * Pow2(a + b - 1);
    }
  }

  lemma /*{:_inductionTrigger Pow2(b), Pow2(a)}*/ /*{:_induction a, b}*/ Pow2Monotone(a: nat, b: nat)
    requires a <= b
    ensures Pow2(a) <= Pow2(b)
    decreases b
  {
    if a < b {
      Pow2Monotone(a, b - 1);
    }
  }

  lemma AlignedDown(b: nat, j: nat, k: nat)
    requires j <= k && Aligned(b, k)
    ensures Aligned(b, j)
    decreases b, j, k
  {
    Pow2Add(j, k - j);
    ghost var q := b / Pow2(k);
    AlignedIsMultiple(b, k);
    assert b == q * Pow2(k - j) * Pow2(j) by {
      assert q * Pow2(k) == q * Pow2(k - j) * Pow2(j);
    }
    MultipleIsAligned(q * Pow2(k - j), j);
  }

  lemma DoubleIndex(t: nat, k: nat)
    ensures 2 * t * Pow2(k) == t * Pow2(k + 1)
    ensures (2 * t + 1) * Pow2(k) == t * Pow2(k + 1) + Pow2(k)
    decreases t, k
  {
    assert Pow2(k + 1) == 2 * Pow2(k);
  }

  lemma /*{:_inductionTrigger ParentOf(b, k)}*/ /*{:_inductionTrigger Pow2(k)}*/ /*{:_inductionTrigger BuddyOf(b, k)}*/ /*{:_inductionTrigger Aligned(b, k)}*/ /*{:_induction k}*/ BuddyFacts(b: nat, k: nat)
    requires Aligned(b, k)
    ensures Aligned(BuddyOf(b, k), k)
    ensures BuddyOf(b, k) != b
    ensures BuddyOf(BuddyOf(b, k), k) == b
    ensures Aligned(Min(b, BuddyOf(b, k)), k + 1)
    ensures Max(b, BuddyOf(b, k)) == Min(b, BuddyOf(b, k)) + Pow2(k)
    ensures ParentOf(b, k) == Min(b, BuddyOf(b, k)) == ParentOf(BuddyOf(b, k), k)
    decreases b, k
  {
    ghost var s := Pow2(k);
    ghost var q := b / s;
    AlignedIsMultiple(b, k);
    ghost var t := q / 2;
    ghost var c := BuddyOf(b, k);
    if q % 2 == 0 {
      assert q == 2 * t;
      DoubleIndex(t, k);
      assert b == t * Pow2(k + 1);
      assert c == (2 * t + 1) * s;
      MultipleIsAligned(2 * t + 1, k);
      assert c / s == 2 * t + 1;
      assert BuddyOf(c, k) == b;
      MultipleIsAligned(t, k + 1);
      DivModUnique(b, Pow2(k + 1), t, 0);
      DivModUnique(c, Pow2(k + 1), t, s);
    } else {
      assert q == 2 * t + 1;
      DoubleIndex(t, k);
      assert b == t * Pow2(k + 1) + s;
      assert c == 2 * t * s;
      MultipleIsAligned(2 * t, k);
      assert c / s == 2 * t;
      assert BuddyOf(c, k) == b;
      MultipleIsAligned(t, k + 1);
      DivModUnique(b, Pow2(k + 1), t, s);
      DivModUnique(c, Pow2(k + 1), t, 0);
    }
  }

  lemma HalvesAreBuddies(b: nat, k: nat)
    requires Aligned(b, k + 1)
    ensures Aligned(b, k) && Aligned(b + Pow2(k), k)
    ensures BuddyOf(b, k) == b + Pow2(k)
    ensures BuddyOf(b + Pow2(k), k) == b
    decreases b, k
  {
    ghost var t := b / Pow2(k + 1);
    AlignedIsMultiple(b, k + 1);
    DoubleIndex(t, k);
    MultipleIsAligned(2 * t, k);
    MultipleIsAligned(2 * t + 1, k);
    assert b + Pow2(k) == (2 * t + 1) * Pow2(k);
  }

  lemma /*{:_inductionTrigger Pow2(k)}*/ /*{:_inductionTrigger BuddyOf(b, k)}*/ /*{:_inductionTrigger ParentOf(b, k)}*/ /*{:_inductionTrigger Aligned(b, k)}*/ /*{:_induction k}*/ MergeGivesParent(b: nat, k: nat)
    requires Aligned(b, k)
    ensures ghost var p: nat := ParentOf(b, k); Aligned(p, k + 1) && p == Min(b, BuddyOf(b, k)) && {b, BuddyOf(b, k)} == {p, p + Pow2(k)}
    decreases b, k
  {
    BuddyFacts(b, k);
  }

  lemma /*{:_inductionTrigger Pow2(k)}*/ /*{:_inductionTrigger ParentOf(b, k)}*/ /*{:_induction k}*/ SplitThenMerge(b: nat, k: nat)
    requires Aligned(b, k + 1)
    ensures ParentOf(b, k) == b && ParentOf(b + Pow2(k), k) == b
    decreases b, k
  {
    HalvesAreBuddies(b, k);
    BuddyFacts(b, k);
    BuddyFacts(b + Pow2(k), k);
  }

  predicate Fits(p: nat, e: nat, j: nat)
    decreases p, e, j
  {
    Aligned(p, j) &&
    p + Pow2(j) <= e
  }

  opaque function LargestOrder(p: nat, e: nat, K: nat): (r: nat)
    requires p < e
    ensures r <= K
    decreases p, e, K
  {
    LargestOrderFrom(p, e, K, 0)
  }

  function LargestOrderFrom(p: nat, e: nat, K: nat, j: nat): (r: nat)
    requires j <= K
    ensures j <= r <= K
    decreases K - j
  {
    if j < K && Fits(p, e, j + 1) then
      LargestOrderFrom(p, e, K, j + 1)
    else
      j
  }

  lemma FitsDown(p: nat, e: nat, i: nat, j: nat)
    requires i <= j && Fits(p, e, j)
    ensures Fits(p, e, i)
    decreases p, e, i, j
  {
    AlignedDown(p, i, j);
    Pow2Monotone(i, j);
  }

  lemma /*{:_inductionTrigger LargestOrderFrom(p, e, K, j)}*/ /*{:_induction p, e, K, j}*/ LargestOrderFromIsLargest(p: nat, e: nat, K: nat, j: nat)
    requires j <= K && Fits(p, e, j)
    ensures ghost var r: nat := LargestOrderFrom(p, e, K, j); j <= r <= K && Fits(p, e, r) && forall i: int {:trigger Fits(p, e, i)} :: r < i <= K ==> !Fits(p, e, i)
    decreases K - j
  {
    if j < K && Fits(p, e, j + 1) {
      LargestOrderFromIsLargest(p, e, K, j + 1);
    } else {
      forall i: int | j < i <= K
        ensures !Fits(p, e, i)
      {
        if Fits(p, e, i) {
          FitsDown(p, e, j + 1, i);
        }
      }
    }
  }

  lemma LargestOrderIsLargest(p: nat, e: nat, K: nat)
    requires p < e
    ensures ghost var r: nat := LargestOrder(p, e, K); r <= K && Fits(p, e, r) && forall i: int {:trigger Fits(p, e, i)} :: r < i <= K ==> !Fits(p, e, i)
    decreases p, e, K
  {
    reveal LargestOrder;
    LargestOrderFromIsLargest(p, e, K, 0);
  }

  function OrderFor(n: nat): nat
    decreases n
  {
    OrderFrom(n, 0)
  }

  function OrderFrom(n: nat, k: nat): nat
    decreases n - Pow2(k)
  {
    if Pow2(k) >= n then
      k
    else
      OrderFrom(n, k + 1)
  }

  lemma /*{:_inductionTrigger OrderFrom(n, k)}*/ /*{:_induction n, k}*/ OrderFromIsSmallest(n: nat, k: nat)
    requires forall i: nat {:trigger Pow2(i)} :: i < k ==> Pow2(i) < n
    ensures ghost var r: nat := OrderFrom(n, k); r >= k && Pow2(r) >= n && forall i: nat {:trigger Pow2(i)} :: i < r ==> Pow2(i) < n
    decreases n - Pow2(k)
  {
    if Pow2(k) < n {
      OrderFromIsSmallest(n, k + 1);
    }
  }

  lemma /*{:_inductionTrigger Pow2(K)}*/ /*{:_induction K}*/ OrderForIsSmallest(n: nat, K: nat)
    requires n <= Pow2(K)
    ensures ghost var r: nat := OrderFor(n); r <= K && Pow2(r) >= n && forall i: nat {:trigger Pow2(i)} :: i < r ==> Pow2(i) < n
    decreases n, K
  {
    OrderFromIsSmallest(n, 0);
    if OrderFor(n) > K {
      assert Pow2(K) < n;
    }
  }
}

module BuddyLemmas {
  lemma BlockMember(p: nat, b: nat, k: nat)
    ensures p in Block(b, k) <==> InBlock(p, b, k)
    decreases p, b, k
  {
    assert p in Block(b, k) <==> InSpan(p, b, b + Pow2(k));
  }

  lemma BlockIsFree(lists: seq<seq<nat>>, k: nat, b: nat)
    requires k < |lists| && b in lists[k]
    ensures Block(b, k) <= FreePages(lists)
    decreases lists, k, b
  {
    forall p: nat | p in Block(b, k)
      ensures p in FreePages(lists)
    {
      BlockMember(p, b, k);
    }
  }

  lemma FreeBlockNotInHole(s: State, hole: set<nat>, k: nat, b: nat)
    requires ConservationWith(s.ranges, s.lists, s.alloc, hole)
    requires k < |s.lists| && b in hole
    ensures b !in s.lists[k]
    decreases s, hole, k, b
  {
    if b in s.lists[k] {
      BlockIsFree(s.lists, k, b);
      BlockMember(b, b, k);
      reveal ConservationWith;
    }
  }

  lemma /*{:_inductionTrigger Pow2(k2), Pow2(k1)}*/ /*{:_inductionTrigger Pow2(k2), Block(b1, k1)}*/ /*{:_inductionTrigger Pow2(k1), Block(b2, k2)}*/ /*{:_inductionTrigger Block(b2, k2), Block(b1, k1)}*/ /*{:_induction k1, k2}*/ DisjointBlocks(b1: nat, k1: nat, b2: nat, k2: nat)
    requires Block(b1, k1) !! Block(b2, k2)
    ensures b1 + Pow2(k1) <= b2 || b2 + Pow2(k2) <= b1
    decreases b1, k1, b2, k2
  {
    if !(b1 + Pow2(k1) <= b2 || b2 + Pow2(k2) <= b1) {
      ghost var p := Max(b1, b2);
      BlockMember(p, b1, k1);
      BlockMember(p, b2, k2);
    }
  }

  lemma OneRangePerPage(ranges: seq<Range>, i: nat, j: nat, p: nat)
    requires RangesDisjoint(ranges) && i < |ranges| && j < |ranges|
    requires ranges[i].lo <= p < ranges[i].hi && ranges[j].lo <= p < ranges[j].hi
    ensures i == j
    decreases ranges, i, j, p
  {
    reveal RangesDisjoint;
  }

  lemma NoDupPush(l: seq<nat>, b: nat)
    requires NoDup(l) && b !in l
    ensures NoDup([b] + l)
    decreases l, b
  {
    reveal NoDup;
    ghost var l' := [b] + l;
    forall i: int, j: int | 0 <= i < j < |l'|
      ensures l'[i] != l'[j]
    {
      if i == 0 {
        assert l'[j] == l[j - 1];
      }
    }
  }

  lemma NoDupAppend(l: seq<nat>, b: nat)
    requires NoDup(l) && b !in l
    ensures NoDup(l + [b])
    decreases l, b
  {
    reveal NoDup;
  }

  lemma RemoveAtMembers(l: seq<nat>, i: nat)
    requires NoDup(l) && i < |l|
    ensures NoDup(RemoveAt(l, i))
    ensures forall x: int {:trigger x in l} {:trigger x in RemoveAt(l, i)} :: x in RemoveAt(l, i) <==> x in l && x != l[i]
    decreases l, i
  {
    reveal NoDup;
    ghost var r := RemoveAt(l, i);
    assert forall j: int, _t#0: int {:trigger l[_t#0], l[j]} {:trigger l[_t#0], r[j]} | _t#0 == j + 1 :: 0 <= j && j < |r| ==> r[j] == if j < i then l[j] else l[_t#0];
    forall x: int | x in l && x != l[i]
      ensures x in r
    {
      ghost var j :| 0 <= j < |l| && l[j] == x;
      if j < i {
        assert r[j] == x;
      } else {
        assert r[j - 1] == x;
      }
    }
  }

  ghost predicate Inserted(lists: seq<seq<nat>>, lists': seq<seq<nat>>, k: nat, b: nat)
    decreases lists, lists', k, b
  {
    |lists'| == |lists| &&
    k < |lists| &&
    (forall j: int {:trigger lists[j]} {:trigger lists'[j]} :: 
      0 <= j < |lists| &&
      j != k ==>
        lists'[j] == lists[j]) &&
    forall x: int {:trigger x in lists[k]} {:trigger x in lists'[k]} :: 
      x in lists'[k] <==> x in lists[k] || x == b
  }

  ghost predicate Removed(lists: seq<seq<nat>>, lists': seq<seq<nat>>, k: nat, c: nat)
    decreases lists, lists', k, c
  {
    |lists'| == |lists| &&
    k < |lists| &&
    (forall j: int {:trigger lists[j]} {:trigger lists'[j]} :: 
      0 <= j < |lists| &&
      j != k ==>
        lists'[j] == lists[j]) &&
    forall x: int {:trigger x in lists[k]} {:trigger x in lists'[k]} :: 
      x in lists'[k] <==> x in lists[k] && x != c
  }

  lemma InsertedFreePages(lists: seq<seq<nat>>, lists': seq<seq<nat>>, k: nat, b: nat)
    requires Inserted(lists, lists', k, b)
    ensures FreePages(lists') == FreePages(lists) + Block(b, k)
    decreases lists, lists', k, b
  {
    forall p: nat | p in FreePages(lists')
      ensures p in FreePages(lists) + Block(b, k)
    {
      ghost var k2: nat, b2: nat :| k2 < |lists'| && b2 in lists'[k2] && InBlock(p, b2, k2);
      if k2 == k && b2 == b {
        BlockMember(p, b, k);
      } else {
        assert b2 in lists[k2];
      }
    }
    forall p: nat | p in FreePages(lists) + Block(b, k)
      ensures p in FreePages(lists')
    {
      if p in Block(b, k) {
        BlockMember(p, b, k);
        assert b in lists'[k];
      } else {
        ghost var k2: nat, b2: nat :| k2 < |lists| && b2 in lists[k2] && InBlock(p, b2, k2);
        assert b2 in lists'[k2];
      }
    }
  }

  lemma RemovedFreePages(lists: seq<seq<nat>>, lists': seq<seq<nat>>, k: nat, c: nat)
    requires Removed(lists, lists', k, c) && c in lists[k]
    requires FreeListsDisjoint(lists)
    ensures FreePages(lists') == FreePages(lists) - Block(c, k)
    decreases lists, lists', k, c
  {
    forall p: nat | p in FreePages(lists')
      ensures p in FreePages(lists) - Block(c, k)
    {
      ghost var k2: nat, b2: nat :| k2 < |lists'| && b2 in lists'[k2] && InBlock(p, b2, k2);
      assert b2 in lists[k2];
      assert k2 != k || b2 != c;
      reveal FreeListsDisjoint;
      BlockMember(p, c, k);
    }
    forall p: nat | p in FreePages(lists) - Block(c, k)
      ensures p in FreePages(lists')
    {
      ghost var k2: nat, b2: nat :| k2 < |lists| && b2 in lists[k2] && InBlock(p, b2, k2);
      BlockMember(p, c, k);
      assert b2 in lists'[k2];
    }
  }

  lemma InsertedAligned(ranges: seq<Range>, lists: seq<seq<nat>>, lists': seq<seq<nat>>, k: nat, b: nat, ri: nat)
    requires Inserted(lists, lists', k, b) && BlocksAlignedInRange(ranges, lists)
    requires Aligned(b, k) && ri < |ranges| && InRange(ranges[ri], b, k)
    ensures BlocksAlignedInRange(ranges, lists')
    decreases ranges, lists, lists', k, b, ri
  {
    reveal BlocksAlignedInRange;
    forall k2: nat, b2: nat | k2 < |lists'| && b2 in lists'[k2]
      ensures Aligned(b2, k2) && exists rj: int {:trigger ranges[rj]} :: 0 <= rj < |ranges| && InRange(ranges[rj], b2, k2)
    {
      if k2 != k || b2 != b {
        assert b2 in lists[k2];
      }
    }
  }

  lemma InsertedDisjoint(lists: seq<seq<nat>>, lists': seq<seq<nat>>, k: nat, b: nat)
    requires Inserted(lists, lists', k, b) && FreeListsDisjoint(lists)
    requires Block(b, k) !! FreePages(lists)
    ensures FreeListsDisjoint(lists')
    decreases lists, lists', k, b
  {
    reveal FreeListsDisjoint;
    forall k1: nat, b1: int, k2: nat, b2: int | k1 < |lists'| && k2 < |lists'| && b1 in lists'[k1] && b2 in lists'[k2] && (k1 != k2 || b1 != b2)
      ensures b1 + Pow2(k1) <= b2 || b2 + Pow2(k2) <= b1
    {
      if k1 == k && b1 == b {
        assert b2 in lists[k2];
        BlockIsFree(lists, k2, b2);
        DisjointBlocks(b1, k1, b2, k2);
      } else if k2 == k && b2 == b {
        assert b1 in lists[k1];
        BlockIsFree(lists, k1, b1);
        DisjointBlocks(b1, k1, b2, k2);
      } else {
        assert b1 in lists[k1] && b2 in lists[k2];
      }
    }
  }

  lemma InsertedCoalesced(K: nat, ranges: seq<Range>, lists: seq<seq<nat>>, lists': seq<seq<nat>>, k: nat, b: nat)
    requires Inserted(lists, lists', k, b)
    requires FullyCoalesced(K, ranges, lists) && BlocksAlignedInRange(ranges, lists)
    requires Aligned(b, k) && CoalesceStops(K, ranges, lists, b, k)
    ensures FullyCoalesced(K, ranges, lists')
    decreases K, ranges, lists, lists', k, b
  {
    reveal FullyCoalesced;
    forall k2: nat, b2: nat | k2 < |lists'| && b2 in lists'[k2]
      ensures CoalesceStops(K, ranges, lists', b2, k2)
    {
      if k2 != k {
        assert b2 in lists[k2];
        assert CoalesceStops(K, ranges, lists, b2, k2);
      } else if k < K {
        forall ri: int | 0 <= ri < |ranges| && InRange(ranges[ri], b2, k) && InRange(ranges[ri], BuddyOf(b2, k), k)
          ensures BuddyOf(b2, k) !in lists'[k]
        {
          if b2 == b {
            BuddyFacts(b, k);
          } else {
            assert b2 in lists[k];
            assert CoalesceStops(K, ranges, lists, b2, k);
            reveal BlocksAlignedInRange;
            BuddyFacts(b2, k);
            if BuddyOf(b2, k) == b {
              assert BuddyOf(b, k) == b2;
            }
          }
        }
      }
    }
  }

  lemma RemovedShape(K: nat, ranges: seq<Range>, lists: seq<seq<nat>>, lists': seq<seq<nat>>, k: nat, c: nat)
    requires Removed(lists, lists', k, c)
    requires BlocksAlignedInRange(ranges, lists) && FreeListsDisjoint(lists) && FullyCoalesced(K, ranges, lists)
    ensures BlocksAlignedInRange(ranges, lists') && FreeListsDisjoint(lists') && FullyCoalesced(K, ranges, lists')
    decreases K, ranges, lists, lists', k, c
  {
    assert forall k2: nat, x: int {:trigger x in lists[k2]} {:trigger x in lists'[k2]} :: k2 < |lists'| && x in lists'[k2] ==> x in lists[k2];
    reveal BlocksAlignedInRange, FreeListsDisjoint, FullyCoalesced;
    forall k2: nat, b2: nat | k2 < |lists'| && b2 in lists'[k2]
      ensures CoalesceStops(K, ranges, lists', b2, k2)
    {
      assert CoalesceStops(K, ranges, lists, b2, k2);
    }
  }

  lemma ConservationInsert(ranges: seq<Range>, lists: seq<seq<nat>>, lists': seq<seq<nat>>, alloc: set<nat>, hole: set<nat>, moved: set<nat>)
    requires ConservationWith(ranges, lists, alloc, hole)
    requires FreePages(lists') == FreePages(lists) + moved && moved <= hole
    ensures ConservationWith(ranges, lists', alloc, hole - moved)
    decreases ranges, lists, lists', alloc, hole, moved
  {
    reveal ConservationWith;
  }

  lemma ConservationRemove(ranges: seq<Range>, lists: seq<seq<nat>>, lists': seq<seq<nat>>, alloc: set<nat>, hole: set<nat>, moved: set<nat>)
    requires ConservationWith(ranges, lists, alloc, hole)
    requires FreePages(lists') == FreePages(lists) - moved && moved <= FreePages(lists)
    ensures ConservationWith(ranges, lists', alloc, hole + moved)
    decreases ranges, lists, lists', alloc, hole, moved
  {
    reveal ConservationWith;
  }

  lemma /*{:_inductionTrigger LastInsert(h + [e], k, b)}*/ /*{:_induction h, k, b}*/ LastInsertNote(h: seq<Event>, e: Event, k: nat, b: nat)
    ensures LastInsert(h + [e], k, b) == if e.k == k && e.b == b then |h| else LastInsert(h, k, b)
    decreases h, e, k, b
  {
    assert (h + [e])[..|h|] == h;
  }

  lemma MruNoteOther(lists: seq<seq<nat>>, h: seq<Event>, e: Event)
    requires MruOrdered(lists, h)
    requires forall k: int, i: int {:trigger lists[k][i]} :: 0 <= k < |lists| && 0 <= i < |lists[k]| ==> !(e.k == k && e.b == lists[k][i])
    ensures MruOrdered(lists, h + [e])
    decreases lists, h, e
  {
    reveal MruOrdered;
    ghost var h' := h + [e];
    forall k: int, i: int | 0 <= k < |lists| && 0 <= i < |lists[k]|
      ensures LastInsert(h', k, lists[k][i]) == LastInsert(h, k, lists[k][i])
    {
      LastInsertNote(h, e, k, lists[k][i]);
    }
  }

  lemma MruPush(lists: seq<seq<nat>>, h: seq<Event>, k: nat, b: nat)
    requires k < |lists| && MruOrdered(lists, h)
    requires b !in lists[k]
    ensures MruOrdered(lists[k := [b] + lists[k]], h + [Released(k, b)])
    decreases lists, h, k, b
  {
    ghost var e := Released(k, b);
    ghost var h' := h + [e];
    ghost var l' := lists[k := [b] + lists[k]];
    MruNoteOther(lists, h, e);
    reveal MruOrdered;
    LastInsertNote(h, e, k, b);
    forall k2: int, i: int | 0 <= k2 < |l'| && 0 <= i < |l'[k2]|
      ensures LastInsert(h', k2, l'[k2][i]) >= 0
    {
      if k2 == k && i > 0 {
        assert l'[k][i] == lists[k][i - 1];
      }
    }
    forall k2: int, i: int, j: int | 0 <= k2 < |l'| && 0 <= i < j < |l'[k2]|
      ensures MruBefore(h', k2, l'[k2][i], l'[k2][j])
    {
      if k2 == k {
        assert l'[k][j] == lists[k][j - 1];
        if i > 0 {
          assert l'[k][i] == lists[k][i - 1];
        }
      }
    }
  }

  lemma MruAppend(lists: seq<seq<nat>>, h: seq<Event>, k: nat, b: nat)
    requires k < |lists| && MruOrdered(lists, h)
    requires b !in lists[k]
    ensures MruOrdered(lists[k := lists[k] + [b]], h + [Carved(k, b)])
    decreases lists, h, k, b
  {
    ghost var e := Carved(k, b);
    ghost var h' := h + [e];
    ghost var l' := lists[k := lists[k] + [b]];
    MruNoteOther(lists, h, e);
    reveal MruOrdered;
    LastInsertNote(h, e, k, b);
    forall k2: int, i: int | 0 <= k2 < |l'| && 0 <= i < |l'[k2]|
      ensures LastInsert(h', k2, l'[k2][i]) >= 0
    {
      if k2 == k && i < |lists[k]| {
        assert l'[k][i] == lists[k][i];
      }
    }
    forall k2: int, i: int, j: int | 0 <= k2 < |l'| && 0 <= i < j < |l'[k2]|
      ensures MruBefore(h', k2, l'[k2][i], l'[k2][j])
    {
      if k2 == k {
        assert l'[k][i] == lists[k][i];
        if j < |lists[k]| {
          assert l'[k][j] == lists[k][j];
        }
      }
    }
  }

  lemma MruRemoveAt(lists: seq<seq<nat>>, h: seq<Event>, k: nat, i: nat)
    requires k < |lists| && i < |lists[k]| && MruOrdered(lists, h)
    ensures MruOrdered(lists[k := RemoveAt(lists[k], i)], h)
    decreases lists, h, k, i
  {
    reveal MruOrdered;
    ghost var l' := lists[k := RemoveAt(lists[k], i)];
    assert forall j: int, _t#0: int {:trigger lists[k][_t#0], lists[k][j]} {:trigger lists[k][_t#0], l'[k][j]} | _t#0 == j + 1 :: 0 <= j && j < |l'[k]| ==> l'[k][j] == if j < i then lists[k][j] else lists[k][_t#0];
  }

  lemma InsertKeeps(s: State, s': State, k: nat, b: nat, ri: nat, hole: set<nat>)
    requires PartialValid(s, hole) && k <= s.K
    requires Aligned(b, k) && ri < |s.ranges| && InRange(s.ranges[ri], b, k)
    requires Block(b, k) <= hole
    requires CoalesceStops(s.K, s.ranges, s.lists, b, k)
    requires Inserted(s.lists, s'.lists, k, b) && NoDup(s'.lists[k])
    requires s'.pageSize == s.pageSize && s'.K == s.K && s'.ranges == s.ranges && s'.alloc == s.alloc
    requires MruOrdered(s'.lists, s'.history)
    ensures PartialValid(s', hole - Block(b, k))
    decreases s, s', k, b, ri, hole
  {
    InsertedFreePages(s.lists, s'.lists, k, b);
    InsertedAligned(s.ranges, s.lists, s'.lists, k, b, ri);
    assert Block(b, k) !! FreePages(s.lists) by {
      reveal ConservationWith;
    }
    InsertedDisjoint(s.lists, s'.lists, k, b);
    InsertedCoalesced(s.K, s.ranges, s.lists, s'.lists, k, b);
    ConservationInsert(s.ranges, s.lists, s'.lists, s.alloc, hole, Block(b, k));
    forall j: int | 0 <= j < |s'.lists|
      ensures NoDup(s'.lists[j])
    {
      if j != k {
        assert s'.lists[j] == s.lists[j];
      }
    }
  }

  lemma RemoveKeeps(s: State, s': State, k: nat, c: nat, hole: set<nat>)
    requires PartialValid(s, hole) && k < |s.lists| && c in s.lists[k]
    requires Removed(s.lists, s'.lists, k, c) && NoDup(s'.lists[k])
    requires s'.pageSize == s.pageSize && s'.K == s.K && s'.ranges == s.ranges && s'.alloc == s.alloc
    requires MruOrdered(s'.lists, s'.history)
    ensures PartialValid(s', hole + Block(c, k))
    decreases s, s', k, c, hole
  {
    RemovedFreePages(s.lists, s'.lists, k, c);
    BlockIsFree(s.lists, k, c);
    RemovedShape(s.K, s.ranges, s.lists, s'.lists, k, c);
    ConservationRemove(s.ranges, s.lists, s'.lists, s.alloc, hole, Block(c, k));
    forall j: int | 0 <= j < |s'.lists|
      ensures NoDup(s'.lists[j])
    {
      if j != k {
        assert s'.lists[j] == s.lists[j];
      }
    }
  }

  lemma PushHeadKeeps(s: State, k: nat, b: nat, ri: nat, hole: set<nat>)
    requires PartialValid(s, hole) && k <= s.K
    requires Aligned(b, k) && ri < |s.ranges| && InRange(s.ranges[ri], b, k)
    requires Block(b, k) <= hole
    requires CoalesceStops(s.K, s.ranges, s.lists, b, k)
    ensures PartialValid(Note(PushHead(s, k, b), Released(k, b)), hole - Block(b, k))
    ensures PushHead(s, k, b).lists[k] == [b] + s.lists[k]
    decreases s, k, b, ri, hole
  {
    ghost var s' := Note(PushHead(s, k, b), Released(k, b));
    BlockMember(b, b, k);
    FreeBlockNotInHole(s, hole, k, b);
    NoDupPush(s.lists[k], b);
    MruPush(s.lists, s.history, k, b);
    InsertKeeps(s, s', k, b, ri, hole);
  }

  lemma AppendTailKeeps(s: State, k: nat, b: nat, ri: nat, hole: set<nat>)
    requires PartialValid(s, hole) && k <= s.K
    requires Aligned(b, k) && ri < |s.ranges| && InRange(s.ranges[ri], b, k)
    requires Block(b, k) <= hole
    requires CoalesceStops(s.K, s.ranges, s.lists, b, k)
    ensures PartialValid(Note(AppendTail(s, k, b), Carved(k, b)), hole - Block(b, k))
    decreases s, k, b, ri, hole
  {
    ghost var s' := Note(AppendTail(s, k, b), Carved(k, b));
    BlockMember(b, b, k);
    FreeBlockNotInHole(s, hole, k, b);
    NoDupAppend(s.lists[k], b);
    MruAppend(s.lists, s.history, k, b);
    InsertKeeps(s, s', k, b, ri, hole);
  }

  lemma PopHeadKeeps(s: State, k: nat, hole: set<nat>)
    requires PartialValid(s, hole) && k < |s.lists| && |s.lists[k]| > 0
    ensures PartialValid(PopHead(s, k), hole + Block(s.lists[k][0], k))
    decreases s, k, hole
  {
    ghost var s' := PopHead(s, k);
    assert s.lists[k][1..] == RemoveAt(s.lists[k], 0);
    RemoveAtMembers(s.lists[k], 0);
    MruRemoveAt(s.lists, s.history, k, 0);
    RemoveKeeps(s, s', k, s.lists[k][0], hole);
  }

  lemma UnlinkKeeps(s: State, k: nat, c: nat, hole: set<nat>)
    requires PartialValid(s, hole) && k < |s.lists| && c in s.lists[k]
    ensures PartialValid(Unlink(s, k, c), hole + Block(c, k))
    decreases s, k, c, hole
  {
    ghost var s' := Unlink(s, k, c);
    ghost var i := IndexOf(s.lists[k], c);
    RemoveAtMembers(s.lists[k], i);
    MruRemoveAt(s.lists, s.history, k, i);
    RemoveKeeps(s, s', k, c, hole);
  }

  lemma HeadIsMostRecent(s: State, k: nat)
    requires Valid(s) && k < |s.lists| && |s.lists[k]| > 0
    ensures forall i: int {:trigger s.lists[k][i]} :: 0 < i < |s.lists[k]| ==> MruBefore(s.history, k, s.lists[k][0], s.lists[k][i])
    decreases s, k
  {
    reveal MruOrdered;
  }

  import opened BlockArithmetic

  import opened BuddyState
}

module BuddyContract {
  ghost function CarvedOfOrder(p: nat, hi: nat, K: nat, k: nat): seq<nat>
    decreases hi - p
  {
    if p >= hi then
      []
    else
      ghost var j: nat := LargestOrder(p, hi, K); (if j == k then [p] else []) + CarvedOfOrder(p + Pow2(j), hi, K, k)
  }

  ghost function CarvedEvents(p: nat, hi: nat, K: nat): seq<Event>
    decreases hi - p
  {
    if p >= hi then
      []
    else
      ghost var j: nat := LargestOrder(p, hi, K); [Carved(j, p)] + CarvedEvents(p + Pow2(j), hi, K)
  }

  ghost predicate AddRangeContract(s: State, s': State, lo: nat, hi: nat)
    decreases s, s', lo, hi
  {
    s'.pageSize == s.pageSize &&
    s'.K == s.K &&
    s'.alloc == s.alloc &&
    s'.ranges == s.ranges + [Range(lo, hi)] &&
    |s'.lists| == |s.lists| &&
    (forall k: int {:trigger CarvedOfOrder(lo, hi, s.K, k)} {:trigger s.lists[k]} {:trigger s'.lists[k]} :: 
      0 <= k < |s.lists| ==>
        s'.lists[k] == s.lists[k] + CarvedOfOrder(lo, hi, s.K, k)) &&
    s'.history == s.history + CarvedEvents(lo, hi, s.K)
  }

  ghost predicate Absorbed(l: seq<nat>, l': seq<nat>, a: nat)
    decreases l, l', a
  {
    exists i: int {:trigger l[..i]} {:trigger l[i]} :: 
      0 <= i < |l| &&
      l[i] == a &&
      l' == l[..i] + l[i + 1..]
  }

  ghost predicate Merged(s: State, s': State, b: nat, k: nat, ri: nat)
    requires |s.lists| == s.K + 1 && |s'.lists| == |s.lists| && k <= s.K && ri < |s.ranges|
    decreases s.K - k
  {
    ghost var a: nat := BuddyOf(b, k);
    if k < s.K && InRange(s.ranges[ri], a, k) && a in s.lists[k] then
      Absorbed(s.lists[k], s'.lists[k], a) &&
      Merged(s, s', ParentOf(b, k), k + 1, ri)
    else
      s'.lists[k] == [b] + s.lists[k] && (forall i: int {:trigger s.lists[i]} {:trigger s'.lists[i]} :: k < i < |s.lists| ==> s'.lists[i] == s.lists[i]) && s'.history == s.history + [Released(k, b)]
  }

  ghost predicate FreedBlock(s: State, s': State, b: nat, k: nat, ri: nat)
    decreases s, s', b, k, ri
  {
    |s.lists| == s.K + 1 &&
    k <= s.K &&
    ri < |s.ranges| &&
    s'.pageSize == s.pageSize &&
    s'.K == s.K &&
    s'.ranges == s.ranges &&
    s'.alloc == s.alloc &&
    |s'.lists| == |s.lists| &&
    (forall i: int {:trigger s.lists[i]} {:trigger s'.lists[i]} :: 
      0 <= i < k ==>
        s'.lists[i] == s.lists[i]) &&
    Merged(s, s', b, k, ri)
  }

  ghost predicate FreedSpan(s: State, s': State, p: nat, end: nat)
    decreases end - p
  {
    if p >= end then
      s' == s
    else
      InSomeRange(s.ranges, p) && ghost var ri: nat := RangeIndexOf(s.ranges, p); ghost var e: nat := Min(end, s.ranges[ri].hi); ghost var j: nat := LargestOrder(p, e, s.K); ghost var s1: State := s.(alloc := s.alloc - Block(p, j)); exists mid: State {:trigger FreedBlock(s1, mid, p, j, ri)} :: FreedBlock(s1, mid, p, j, ri) && FreedSpan(mid, s', p + Pow2(j), end)
  }

  ghost function UpperHalves(B: nat, j: nat, k: nat): seq<Event>
    decreases j - k
  {
    if j <= k then
      []
    else
      [Released(j - 1, B + Pow2(j - 1))] + UpperHalves(B, j - 1, k)
  }

  ghost predicate Split(s: State, mid: State, B: nat, j: nat, k: nat)
    decreases s, mid, B, j, k
  {
    |s.lists| == s.K + 1 &&
    k <= j <= s.K &&
    |s.lists[j]| > 0 &&
    s.lists[j][0] == B &&
    mid.pageSize == s.pageSize &&
    mid.K == s.K &&
    mid.ranges == s.ranges &&
    mid.alloc == s.alloc + Block(B, k) &&
    |mid.lists| == |s.lists| &&
    mid.lists[j] == s.lists[j][1..] &&
    (forall i: int {:trigger s.lists[i]} {:trigger Pow2(i)} {:trigger mid.lists[i]} :: 
      k <= i < j ==>
        mid.lists[i] == [B + Pow2(i)] + s.lists[i]) &&
    (forall i: int {:trigger s.lists[i]} {:trigger mid.lists[i]} :: 
      0 <= i < |s.lists| &&
      (i < k || j < i) ==>
        mid.lists[i] == s.lists[i]) &&
    mid.history == s.history + UpperHalves(B, j, k)
  }

  opaque ghost predicate AllocateContract(s: State, s': State, n: nat, B: nat)
    decreases s, s', n, B
  {
    ghost var k: nat := OrderFor(n);
    |s.lists| == s.K + 1 &&
    exists j: int {:trigger s.lists[j]} :: 
      k <= j <= s.K &&
      |s.lists[j]| > 0 &&
      (forall i: int {:trigger s.lists[i]} :: 
        k <= i < j ==>
          |s.lists[i]| == 0) &&
      B == s.lists[j][0] &&
      exists mid: State {:trigger Split(s, mid, B, j, k)} :: 
        Split(s, mid, B, j, k) &&
        FreedSpan(mid, s', B + n, B + Pow2(k))
  }

  import opened BlockArithmetic

  import opened BuddyState

  import opened BuddyOperations
}
")]

//-----------------------------------------------------------------------------
//
// Copyright by the contributors to the Dafny Project
// SPDX-License-Identifier: MIT
//
//-----------------------------------------------------------------------------

// When --include-runtime is true, this file is directly prepended
// to the output program. We have to avoid these using directives in that case
// since they can only appear before any other declarations.
// The DafnyRuntime.csproj file is the only place that ISDAFNYRUNTIMELIB is defined,
// so these are only active when building the C# DafnyRuntime.dll library.
#if ISDAFNYRUNTIMELIB
using System; // for Func
using System.Numerics;
using System.Collections;
#endif

namespace DafnyAssembly {
  [AttributeUsage(AttributeTargets.Assembly)]
  public class DafnySourceAttribute : Attribute {
    public readonly string dafnySourceText;
    public DafnySourceAttribute(string txt) { dafnySourceText = txt; }
  }
}

namespace Dafny {
  using System.Collections.Generic;
  using System.Collections.Immutable;
  using System.Linq;

  // Similar to System.Text.Rune, which would be perfect to use
  // except that it isn't available in the platforms we support
  // (.NET Standard 2.0 and .NET Framework 4.5.2)
  public readonly struct Rune : IComparable, IComparable<Rune>, IEquatable<Rune> {

    private readonly uint _value;

    public Rune(int value)
      : this((uint)value) {
    }

    public Rune(uint value) {
      if (!(value < 0xD800 || (0xE000 <= value && value < 0x11_0000))) {
        throw new ArgumentException();
      }

      _value = value;
    }

    public static bool IsRune(BigInteger i) {
      return (0 <= i && i < 0xD800) || (0xE000 <= i && i < 0x11_0000);
    }

    public int Value => (int)_value;

    public bool Equals(Rune other) => this == other;

    public override bool Equals(object obj) => (obj is Rune other) && Equals(other);

    public override int GetHashCode() => Value;

    // Values are always between 0 and 0x11_0000, so overflow isn't possible
    public int CompareTo(Rune other) => this.Value - other.Value;

    int IComparable.CompareTo(object obj) {
      switch (obj) {
        case null:
          return 1; // non-null ("this") always sorts after null
        case Rune other:
          return CompareTo(other);
        default:
          throw new ArgumentException();
      }
    }

    public static bool operator ==(Rune left, Rune right) => left._value == right._value;

    public static bool operator !=(Rune left, Rune right) => left._value != right._value;

    public static bool operator <(Rune left, Rune right) => left._value < right._value;

    public static bool operator <=(Rune left, Rune right) => left._value <= right._value;

    public static bool operator >(Rune left, Rune right) => left._value > right._value;

    public static bool operator >=(Rune left, Rune right) => left._value >= right._value;

    public static explicit operator Rune(int value) => new Rune(value);
    public static explicit operator Rune(BigInteger value) => new Rune((uint)value);

    // Defined this way to be consistent with System.Text.Rune,
    // but note that Dafny will use Helpers.ToString(rune),
    // which will print in the style of a character literal instead.
    public override string ToString() {
      return char.ConvertFromUtf32(Value);
    }

    // Replacement for String.EnumerateRunes() from newer platforms
    public static IEnumerable<Rune> Enumerate(string s) {
      var sLength = s.Length;
      for (var i = 0; i < sLength; i++) {
        if (char.IsHighSurrogate(s[i])) {
          if (char.IsLowSurrogate(s[i + 1])) {
            yield return (Rune)char.ConvertToUtf32(s[i], s[i + 1]);
            i++;
          } else {
            throw new ArgumentException();
          }
        } else if (char.IsLowSurrogate(s[i])) {
          throw new ArgumentException();
        } else {
          yield return (Rune)s[i];
        }
      }
    }
  }

  public interface ISet<out T> {
    int Count { get; }
    long LongCount { get; }
    IEnumerable<T> Elements { get; }
    IEnumerable<ISet<T>> AllSubsets { get; }
    bool Contains<G>(G t);
    bool EqualsAux(ISet<object> other);
    ISet<U> DowncastClone<U>(Func<T, U> converter);
  }

  public class Set<T> : ISet<T> {
    readonly ImmutableHashSet<T> setImpl;
    readonly bool containsNull;
    Set(ImmutableHashSet<T> d, bool containsNull) {
      this.setImpl = d;
      this.containsNull = containsNull;
    }

    public static readonly ISet<T> Empty = new Set<T>(ImmutableHashSet<T>.Empty, false);

    private static readonly TypeDescriptor<ISet<T>> _TYPE = new Dafny.TypeDescriptor<ISet<T>>(Empty);
    public static TypeDescriptor<ISet<T>> _TypeDescriptor() {
      return _TYPE;
    }

    public static ISet<T> FromElements(params T[] values) {
      return FromCollection(values);
    }

    public static Set<T> FromISet(ISet<T> s) {
      return s as Set<T> ?? FromCollection(s.Elements);
    }

    public static Set<T> FromCollection(IEnumerable<T> values) {
      var d = ImmutableHashSet<T>.Empty.ToBuilder();
      var containsNull = false;
      foreach (T t in values) {
        if (t == null) {
          containsNull = true;
        } else {
          d.Add(t);
        }
      }

      return new Set<T>(d.ToImmutable(), containsNull);
    }

    public static ISet<T> FromCollectionPlusOne(IEnumerable<T> values, T oneMoreValue) {
      var d = ImmutableHashSet<T>.Empty.ToBuilder();
      var containsNull = false;
      if (oneMoreValue == null) {
        containsNull = true;
      } else {
        d.Add(oneMoreValue);
      }

      foreach (T t in values) {
        if (t == null) {
          containsNull = true;
        } else {
          d.Add(t);
        }
      }

      return new Set<T>(d.ToImmutable(), containsNull);
    }

    public ISet<U> DowncastClone<U>(Func<T, U> converter) {
      if (this is ISet<U> th) {
        return th;
      } else {
        var d = ImmutableHashSet<U>.Empty.ToBuilder();
        foreach (var t in this.setImpl) {
          var u = converter(t);
          d.Add(u);
        }

        return new Set<U>(d.ToImmutable(), this.containsNull);
      }
    }

    public int Count {
      get { return this.setImpl.Count + (containsNull ? 1 : 0); }
    }

    public long LongCount {
      get { return this.setImpl.Count + (containsNull ? 1 : 0); }
    }

    public IEnumerable<T> Elements {
      get {
        if (containsNull) {
          yield return default(T);
        }

        foreach (var t in this.setImpl) {
          yield return t;
        }
      }
    }

    /// <summary>
    /// This is an inefficient iterator for producing all subsets of "this".
    /// </summary>
    public IEnumerable<ISet<T>> AllSubsets {
      get {
        // Start by putting all set elements into a list, but don't include null
        var elmts = new List<T>();
        elmts.AddRange(this.setImpl);
        var n = elmts.Count;
        var which = new bool[n];
        var s = ImmutableHashSet<T>.Empty.ToBuilder();
        while (true) {
          // yield both the subset without null and, if null is in the original set, the subset with null included
          var ihs = s.ToImmutable();
          yield return new Set<T>(ihs, false);
          if (containsNull) {
            yield return new Set<T>(ihs, true);
          }

          // "add 1" to "which", as if doing a carry chain.  For every digit changed, change the membership of the corresponding element in "s".
          int i = 0;
          for (; i < n && which[i]; i++) {
            which[i] = false;
            s.Remove(elmts[i]);
          }

          if (i == n) {
            // we have cycled through all the subsets
            break;
          }

          which[i] = true;
          s.Add(elmts[i]);
        }
      }
    }

    public bool Equals(ISet<T> other) {
      if (ReferenceEquals(this, other)) {
        return true;
      }

      if (other == null || Count != other.Count) {
        return false;
      }

      foreach (var elmt in Elements) {
        if (!other.Contains(elmt)) {
          return false;
        }
      }

      return true;
    }

    public override bool Equals(object other) {
      if (other is ISet<T>) {
        return Equals((ISet<T>)other);
      }

      var th = this as ISet<object>;
      var oth = other as ISet<object>;
      if (th != null && oth != null) {
        // We'd like to obtain the more specific type parameter U for oth's type ISet<U>.
        // We do that by making a dynamically dispatched call, like:
        //     oth.Equals(this)
        // The hope is then that its comparison "this is ISet<U>" (that is, the first "if" test
        // above, but in the call "oth.Equals(this)") will be true and the non-virtual Equals
        // can be called. However, such a recursive call to "oth.Equals(this)" could turn
        // into infinite recursion. Therefore, we instead call "oth.EqualsAux(this)", which
        // performs the desired type test, but doesn't recurse any further.
        return oth.EqualsAux(th);
      } else {
        return false;
      }
    }

    public bool EqualsAux(ISet<object> other) {
      var s = other as ISet<T>;
      if (s != null) {
        return Equals(s);
      } else {
        return false;
      }
    }

    public override int GetHashCode() {
      var hashCode = 1;
      if (containsNull) {
        hashCode = hashCode * (Dafny.Helpers.GetHashCode(default(T)) + 3);
      }

      foreach (var t in this.setImpl) {
        hashCode = hashCode * (Dafny.Helpers.GetHashCode(t) + 3);
      }

      return hashCode;
    }

    public override string ToString() {
      var s = "{";
      var sep = "";
      if (containsNull) {
        s += sep + Dafny.Helpers.ToString(default(T));
        sep = ", ";
      }

      foreach (var t in this.setImpl) {
        s += sep + Dafny.Helpers.ToString(t);
        sep = ", ";
      }

      return s + "}";
    }
    public static bool IsProperSubsetOf(ISet<T> th, ISet<T> other) {
      return th.Count < other.Count && IsSubsetOf(th, other);
    }
    public static bool IsSubsetOf(ISet<T> th, ISet<T> other) {
      if (other.Count < th.Count) {
        return false;
      }
      foreach (T t in th.Elements) {
        if (!other.Contains(t)) {
          return false;
        }
      }
      return true;
    }
    public static bool IsDisjointFrom(ISet<T> th, ISet<T> other) {
      ISet<T> a, b;
      if (th.Count < other.Count) {
        a = th; b = other;
      } else {
        a = other; b = th;
      }
      foreach (T t in a.Elements) {
        if (b.Contains(t)) {
          return false;
        }
      }
      return true;
    }
    public bool Contains<G>(G t) {
      return t == null ? containsNull : t is T && this.setImpl.Contains((T)(object)t);
    }
    public static ISet<T> Union(ISet<T> th, ISet<T> other) {
      var a = FromISet(th);
      var b = FromISet(other);
      return new Set<T>(a.setImpl.Union(b.setImpl), a.containsNull || b.containsNull);
    }
    public static ISet<T> Intersect(ISet<T> th, ISet<T> other) {
      var a = FromISet(th);
      var b = FromISet(other);
      return new Set<T>(a.setImpl.Intersect(b.setImpl), a.containsNull && b.containsNull);
    }
    public static ISet<T> Difference(ISet<T> th, ISet<T> other) {
      var a = FromISet(th);
      var b = FromISet(other);
      return new Set<T>(a.setImpl.Except(b.setImpl), a.containsNull && !b.containsNull);
    }
  }

  public interface IMultiSet<out T> {
    bool IsEmpty { get; }
    int Count { get; }
    long LongCount { get; }
    BigInteger ElementCount { get; }
    IEnumerable<T> Elements { get; }
    IEnumerable<T> UniqueElements { get; }
    bool Contains<G>(G t);
    BigInteger Select<G>(G t);
    IMultiSet<T> Update<G>(G t, BigInteger i);
    bool EqualsAux(IMultiSet<object> other);
    IMultiSet<U> DowncastClone<U>(Func<T, U> converter);
  }

  public class MultiSet<T> : IMultiSet<T> {
    readonly ImmutableDictionary<T, BigInteger> dict;
    readonly BigInteger occurrencesOfNull;  // stupidly, a Dictionary in .NET cannot use "null" as a key
    MultiSet(ImmutableDictionary<T, BigInteger>.Builder d, BigInteger occurrencesOfNull) {
      dict = d.ToImmutable();
      this.occurrencesOfNull = occurrencesOfNull;
    }
    public static readonly MultiSet<T> Empty = new MultiSet<T>(ImmutableDictionary<T, BigInteger>.Empty.ToBuilder(), BigInteger.Zero);

    private static readonly TypeDescriptor<IMultiSet<T>> _TYPE = new Dafny.TypeDescriptor<IMultiSet<T>>(Empty);
    public static TypeDescriptor<IMultiSet<T>> _TypeDescriptor() {
      return _TYPE;
    }

    public static MultiSet<T> FromIMultiSet(IMultiSet<T> s) {
      return s as MultiSet<T> ?? FromCollection(s.Elements);
    }
    public static MultiSet<T> FromElements(params T[] values) {
      var d = ImmutableDictionary<T, BigInteger>.Empty.ToBuilder();
      var occurrencesOfNull = BigInteger.Zero;
      foreach (T t in values) {
        if (t == null) {
          occurrencesOfNull++;
        } else {
          if (!d.TryGetValue(t, out var i)) {
            i = BigInteger.Zero;
          }
          d[t] = i + 1;
        }
      }
      return new MultiSet<T>(d, occurrencesOfNull);
    }

    public static MultiSet<T> FromCollection(IEnumerable<T> values) {
      var d = ImmutableDictionary<T, BigInteger>.Empty.ToBuilder();
      var occurrencesOfNull = BigInteger.Zero;
      foreach (T t in values) {
        if (t == null) {
          occurrencesOfNull++;
        } else {
          if (!d.TryGetValue(t,
                out var i)) {
            i = BigInteger.Zero;
          }

          d[t] = i + 1;
        }
      }

      return new MultiSet<T>(d,
        occurrencesOfNull);
    }

    public static MultiSet<T> FromSeq(ISequence<T> values) {
      var d = ImmutableDictionary<T, BigInteger>.Empty.ToBuilder();
      var occurrencesOfNull = BigInteger.Zero;
      foreach (var t in values) {
        if (t == null) {
          occurrencesOfNull++;
        } else {
          if (!d.TryGetValue(t,
                out var i)) {
            i = BigInteger.Zero;
          }

          d[t] = i + 1;
        }
      }

      return new MultiSet<T>(d,
        occurrencesOfNull);
    }
    public static MultiSet<T> FromSet(ISet<T> values) {
      var d = ImmutableDictionary<T, BigInteger>.Empty.ToBuilder();
      var containsNull = false;
      foreach (T t in values.Elements) {
        if (t == null) {
          containsNull = true;
        } else {
          d[t] = BigInteger.One;
        }
      }
      return new MultiSet<T>(d, containsNull ? BigInteger.One : BigInteger.Zero);
    }
    public IMultiSet<U> DowncastClone<U>(Func<T, U> converter) {
      if (this is IMultiSet<U> th) {
        return th;
      } else {
        var d = ImmutableDictionary<U, BigInteger>.Empty.ToBuilder();
        foreach (var item in this.dict) {
          var k = converter(item.Key);
          d.Add(k, item.Value);
        }
        return new MultiSet<U>(d, this.occurrencesOfNull);
      }
    }

    public bool Equals(IMultiSet<T> other) {
      return IsSubsetOf(this, other) && IsSubsetOf(other, this);
    }
    public override bool Equals(object other) {
      if (other is IMultiSet<T>) {
        return Equals((IMultiSet<T>)other);
      }
      var th = this as IMultiSet<object>;
      var oth = other as IMultiSet<object>;
      if (th != null && oth != null) {
        // See comment in Set.Equals
        return oth.EqualsAux(th);
      } else {
        return false;
      }
    }

    public bool EqualsAux(IMultiSet<object> other) {
      var s = other as IMultiSet<T>;
      if (s != null) {
        return Equals(s);
      } else {
        return false;
      }
    }

    public override int GetHashCode() {
      var hashCode = 1;
      if (occurrencesOfNull > 0) {
        var key = Dafny.Helpers.GetHashCode(default(T));
        key = (key << 3) | (key >> 29) ^ occurrencesOfNull.GetHashCode();
        hashCode = hashCode * (key + 3);
      }
      foreach (var kv in dict) {
        var key = Dafny.Helpers.GetHashCode(kv.Key);
        key = (key << 3) | (key >> 29) ^ kv.Value.GetHashCode();
        hashCode = hashCode * (key + 3);
      }
      return hashCode;
    }
    public override string ToString() {
      var s = "multiset{";
      var sep = "";
      for (var i = BigInteger.Zero; i < occurrencesOfNull; i++) {
        s += sep + Dafny.Helpers.ToString(default(T));
        sep = ", ";
      }
      foreach (var kv in dict) {
        var t = Dafny.Helpers.ToString(kv.Key);
        for (var i = BigInteger.Zero; i < kv.Value; i++) {
          s += sep + t;
          sep = ", ";
        }
      }
      return s + "}";
    }
    public static bool IsProperSubsetOf(IMultiSet<T> th, IMultiSet<T> other) {
      // Be sure to use ElementCount to avoid casting into 32 bits
      // integers that could lead to overflows (see https://github.com/dafny-lang/dafny/issues/5554)
      return th.ElementCount < other.ElementCount && IsSubsetOf(th, other);
    }
    public static bool IsSubsetOf(IMultiSet<T> th, IMultiSet<T> other) {
      var a = FromIMultiSet(th);
      var b = FromIMultiSet(other);
      if (b.occurrencesOfNull < a.occurrencesOfNull) {
        return false;
      }
      foreach (T t in a.dict.Keys) {
        if (b.dict.ContainsKey(t)) {
          if (b.dict[t] < a.dict[t]) {
            return false;
          }
        } else {
          if (a.dict[t] != BigInteger.Zero) {
            return false;
          }
        }
      }
      return true;
    }
    public static bool IsDisjointFrom(IMultiSet<T> th, IMultiSet<T> other) {
      foreach (T t in th.UniqueElements) {
        if (other.Contains(t)) {
          return false;
        }
      }
      return true;
    }

    public bool Contains<G>(G t) {
      return Select(t) != 0;
    }
    public BigInteger Select<G>(G t) {
      if (t == null) {
        return occurrencesOfNull;
      }

      if (t is T && dict.TryGetValue((T)(object)t, out var m)) {
        return m;
      } else {
        return BigInteger.Zero;
      }
    }
    public IMultiSet<T> Update<G>(G t, BigInteger i) {
      if (Select(t) == i) {
        return this;
      } else if (t == null) {
        var r = dict.ToBuilder();
        return new MultiSet<T>(r, i);
      } else {
        var r = dict.ToBuilder();
        r[(T)(object)t] = i;
        return new MultiSet<T>(r, occurrencesOfNull);
      }
    }
    public static IMultiSet<T> Union(IMultiSet<T> th, IMultiSet<T> other) {
      if (th.IsEmpty) {
        return other;
      } else if (other.IsEmpty) {
        return th;
      }
      var a = FromIMultiSet(th);
      var b = FromIMultiSet(other);
      var r = ImmutableDictionary<T, BigInteger>.Empty.ToBuilder();
      foreach (T t in a.dict.Keys) {
        if (!r.TryGetValue(t, out var i)) {
          i = BigInteger.Zero;
        }
        r[t] = i + a.dict[t];
      }
      foreach (T t in b.dict.Keys) {
        if (!r.TryGetValue(t, out var i)) {
          i = BigInteger.Zero;
        }
        r[t] = i + b.dict[t];
      }
      return new MultiSet<T>(r, a.occurrencesOfNull + b.occurrencesOfNull);
    }
    public static IMultiSet<T> Intersect(IMultiSet<T> th, IMultiSet<T> other) {
      if (th.IsEmpty) {
        return th;
      } else if (other.IsEmpty) {
        return other;
      }
      var a = FromIMultiSet(th);
      var b = FromIMultiSet(other);
      var r = ImmutableDictionary<T, BigInteger>.Empty.ToBuilder();
      foreach (T t in a.dict.Keys) {
        if (b.dict.ContainsKey(t)) {
          r.Add(t, a.dict[t] < b.dict[t] ? a.dict[t] : b.dict[t]);
        }
      }
      return new MultiSet<T>(r, a.occurrencesOfNull < b.occurrencesOfNull ? a.occurrencesOfNull : b.occurrencesOfNull);
    }
    public static IMultiSet<T> Difference(IMultiSet<T> th, IMultiSet<T> other) { // \result == this - other
      if (other.IsEmpty) {
        return th;
      }
      var a = FromIMultiSet(th);
      var b = FromIMultiSet(other);
      var r = ImmutableDictionary<T, BigInteger>.Empty.ToBuilder();
      foreach (T t in a.dict.Keys) {
        if (!b.dict.ContainsKey(t)) {
          r.Add(t, a.dict[t]);
        } else if (b.dict[t] < a.dict[t]) {
          r.Add(t, a.dict[t] - b.dict[t]);
        }
      }
      return new MultiSet<T>(r, b.occurrencesOfNull < a.occurrencesOfNull ? a.occurrencesOfNull - b.occurrencesOfNull : BigInteger.Zero);
    }

    public bool IsEmpty { get { return occurrencesOfNull == 0 && dict.IsEmpty; } }

    public int Count {
      get { return (int)ElementCount; }
    }
    public long LongCount {
      get { return (long)ElementCount; }
    }

    public BigInteger ElementCount {
      get {
        // This is inefficient
        var c = occurrencesOfNull;
        foreach (var item in dict) {
          c += item.Value;
        }
        return c;
      }
    }

    public IEnumerable<T> Elements {
      get {
        for (var i = BigInteger.Zero; i < occurrencesOfNull; i++) {
          yield return default(T);
        }
        foreach (var item in dict) {
          for (var i = BigInteger.Zero; i < item.Value; i++) {
            yield return item.Key;
          }
        }
      }
    }

    public IEnumerable<T> UniqueElements {
      get {
        if (!occurrencesOfNull.IsZero) {
          yield return default(T);
        }
        foreach (var key in dict.Keys) {
          if (dict[key] != 0) {
            yield return key;
          }
        }
      }
    }
  }

  public interface IMap<out U, out V> {
    int Count { get; }
    long LongCount { get; }
    ISet<U> Keys { get; }
    ISet<V> Values { get; }
    IEnumerable<IPair<U, V>> ItemEnumerable { get; }
    bool Contains<G>(G t);
    /// <summary>
    /// Returns "true" iff "this is IMap<object, object>" and "this" equals "other".
    /// </summary>
    bool EqualsObjObj(IMap<object, object> other);
    IMap<UU, VV> DowncastClone<UU, VV>(Func<U, UU> keyConverter, Func<V, VV> valueConverter);
  }

  public class Map<U, V> : IMap<U, V> {
    readonly ImmutableDictionary<U, V> dict;
    readonly bool hasNullKey;  // true when "null" is a key of the Map
    readonly V nullValue;  // if "hasNullKey", the value that "null" maps to

    private Map(ImmutableDictionary<U, V>.Builder d, bool hasNullKey, V nullValue) {
      dict = d.ToImmutable();
      this.hasNullKey = hasNullKey;
      this.nullValue = nullValue;
    }
    public static readonly Map<U, V> Empty = new Map<U, V>(ImmutableDictionary<U, V>.Empty.ToBuilder(), false, default(V));

    private Map(ImmutableDictionary<U, V> d, bool hasNullKey, V nullValue) {
      dict = d;
      this.hasNullKey = hasNullKey;
      this.nullValue = nullValue;
    }

    private static readonly TypeDescriptor<IMap<U, V>> _TYPE = new Dafny.TypeDescriptor<IMap<U, V>>(Empty);
    public static TypeDescriptor<IMap<U, V>> _TypeDescriptor() {
      return _TYPE;
    }

    public static Map<U, V> FromElements(params IPair<U, V>[] values) {
      var d = ImmutableDictionary<U, V>.Empty.ToBuilder();
      var hasNullKey = false;
      var nullValue = default(V);
      foreach (var p in values) {
        if (p.Car == null) {
          hasNullKey = true;
          nullValue = p.Cdr;
        } else {
          d[p.Car] = p.Cdr;
        }
      }
      return new Map<U, V>(d, hasNullKey, nullValue);
    }
    public static Map<U, V> FromCollection(IEnumerable<IPair<U, V>> values) {
      var d = ImmutableDictionary<U, V>.Empty.ToBuilder();
      var hasNullKey = false;
      var nullValue = default(V);
      foreach (var p in values) {
        if (p.Car == null) {
          hasNullKey = true;
          nullValue = p.Cdr;
        } else {
          d[p.Car] = p.Cdr;
        }
      }
      return new Map<U, V>(d, hasNullKey, nullValue);
    }
    public static Map<U, V> FromIMap(IMap<U, V> m) {
      return m as Map<U, V> ?? FromCollection(m.ItemEnumerable);
    }
    public IMap<UU, VV> DowncastClone<UU, VV>(Func<U, UU> keyConverter, Func<V, VV> valueConverter) {
      if (this is IMap<UU, VV> th) {
        return th;
      } else {
        var d = ImmutableDictionary<UU, VV>.Empty.ToBuilder();
        foreach (var item in this.dict) {
          var k = keyConverter(item.Key);
          var v = valueConverter(item.Value);
          d.Add(k, v);
        }
        return new Map<UU, VV>(d, this.hasNullKey, (VV)(object)this.nullValue);
      }
    }
    public int Count {
      get { return dict.Count + (hasNullKey ? 1 : 0); }
    }
    public long LongCount {
      get { return dict.Count + (hasNullKey ? 1 : 0); }
    }

    public bool Equals(IMap<U, V> other) {
      if (ReferenceEquals(this, other)) {
        return true;
      }

      if (other == null || LongCount != other.LongCount) {
        return false;
      }

      if (hasNullKey) {
        if (!other.Contains(default(U)) || !object.Equals(nullValue, Select(other, default(U)))) {
          return false;
        }
      }

      foreach (var item in dict) {
        if (!other.Contains(item.Key) || !object.Equals(item.Value, Select(other, item.Key))) {
          return false;
        }
      }
      return true;
    }
    public bool EqualsObjObj(IMap<object, object> other) {
      if (ReferenceEquals(this, other)) {
        return true;
      }
      if (!(this is IMap<object, object>) || other == null || LongCount != other.LongCount) {
        return false;
      }
      var oth = Map<object, object>.FromIMap(other);
      if (hasNullKey) {
        if (!oth.Contains(default(U)) || !object.Equals(nullValue, Map<object, object>.Select(oth, default(U)))) {
          return false;
        }
      }
      foreach (var item in dict) {
        if (!other.Contains(item.Key) || !object.Equals(item.Value, Map<object, object>.Select(oth, item.Key))) {
          return false;
        }
      }
      return true;
    }
    public override bool Equals(object other) {
      // See comment in Set.Equals
      var m = other as IMap<U, V>;
      if (m != null) {
        return Equals(m);
      }
      var imapoo = other as IMap<object, object>;
      if (imapoo != null) {
        return EqualsObjObj(imapoo);
      } else {
        return false;
      }
    }

    public override int GetHashCode() {
      var hashCode = 1;
      if (hasNullKey) {
        var key = Dafny.Helpers.GetHashCode(default(U));
        key = (key << 3) | (key >> 29) ^ Dafny.Helpers.GetHashCode(nullValue);
        hashCode = hashCode * (key + 3);
      }
      foreach (var kv in dict) {
        var key = Dafny.Helpers.GetHashCode(kv.Key);
        key = (key << 3) | (key >> 29) ^ Dafny.Helpers.GetHashCode(kv.Value);
        hashCode = hashCode * (key + 3);
      }
      return hashCode;
    }
    public override string ToString() {
      var s = "map[";
      var sep = "";
      if (hasNullKey) {
        s += sep + Dafny.Helpers.ToString(default(U)) + " := " + Dafny.Helpers.ToString(nullValue);
        sep = ", ";
      }
      foreach (var kv in dict) {
        s += sep + Dafny.Helpers.ToString(kv.Key) + " := " + Dafny.Helpers.ToString(kv.Value);
        sep = ", ";
      }
      return s + "]";
    }
    public bool Contains<G>(G u) {
      return u == null ? hasNullKey : u is U && dict.ContainsKey((U)(object)u);
    }
    public static V Select(IMap<U, V> th, U index) {
      // the following will throw an exception if "index" in not a key of the map
      var m = FromIMap(th);
      return index == null && m.hasNullKey ? m.nullValue : m.dict[index];
    }
    public static IMap<U, V> Update(IMap<U, V> th, U index, V val) {
      var m = FromIMap(th);
      var d = m.dict.ToBuilder();
      if (index == null) {
        return new Map<U, V>(d, true, val);
      } else {
        d[index] = val;
        return new Map<U, V>(d, m.hasNullKey, m.nullValue);
      }
    }

    public static IMap<U, V> Merge(IMap<U, V> th, IMap<U, V> other) {
      var a = FromIMap(th);
      var b = FromIMap(other);
      ImmutableDictionary<U, V> d = a.dict.SetItems(b.dict);
      return new Map<U, V>(d, a.hasNullKey || b.hasNullKey, b.hasNullKey ? b.nullValue : a.nullValue);
    }

    public static IMap<U, V> Subtract(IMap<U, V> th, ISet<U> keys) {
      var a = FromIMap(th);
      ImmutableDictionary<U, V> d = a.dict.RemoveRange(keys.Elements);
      return new Map<U, V>(d, a.hasNullKey && !keys.Contains<object>(null), a.nullValue);
    }

    public ISet<U> Keys {
      get {
        if (hasNullKey) {
          return Dafny.Set<U>.FromCollectionPlusOne(dict.Keys, default(U));
        } else {
          return Dafny.Set<U>.FromCollection(dict.Keys);
        }
      }
    }
    public ISet<V> Values {
      get {
        if (hasNullKey) {
          return Dafny.Set<V>.FromCollectionPlusOne(dict.Values, nullValue);
        } else {
          return Dafny.Set<V>.FromCollection(dict.Values);
        }
      }
    }

    public IEnumerable<IPair<U, V>> ItemEnumerable {
      get {
        if (hasNullKey) {
          yield return new Pair<U, V>(default(U), nullValue);
        }
        foreach (KeyValuePair<U, V> kvp in dict) {
          yield return new Pair<U, V>(kvp.Key, kvp.Value);
        }
      }
    }

    public static ISet<_System._ITuple2<U, V>> Items(IMap<U, V> m) {
      var result = new HashSet<_System._ITuple2<U, V>>();
      foreach (var item in m.ItemEnumerable) {
        result.Add(_System.Tuple2<U, V>.create(item.Car, item.Cdr));
      }
      return Dafny.Set<_System._ITuple2<U, V>>.FromCollection(result);
    }
  }

  public interface ISequence<out T> : IEnumerable<T> {
    long LongCount { get; }
    int Count { get; }
    [Obsolete("Use CloneAsArray() instead of Elements (both perform a copy).")]
    T[] Elements { get; }
    T[] CloneAsArray();
    IEnumerable<T> UniqueElements { get; }
    T Select(ulong index);
    T Select(long index);
    T Select(uint index);
    T Select(int index);
    T Select(BigInteger index);
    bool Contains<G>(G g);
    ISequence<T> Take(long m);
    ISequence<T> Take(ulong n);
    ISequence<T> Take(BigInteger n);
    ISequence<T> Drop(long m);
    ISequence<T> Drop(ulong n);
    ISequence<T> Drop(BigInteger n);
    ISequence<T> Subsequence(long lo, long hi);
    ISequence<T> Subsequence(long lo, ulong hi);
    ISequence<T> Subsequence(long lo, BigInteger hi);
    ISequence<T> Subsequence(ulong lo, long hi);
    ISequence<T> Subsequence(ulong lo, ulong hi);
    ISequence<T> Subsequence(ulong lo, BigInteger hi);
    ISequence<T> Subsequence(BigInteger lo, long hi);
    ISequence<T> Subsequence(BigInteger lo, ulong hi);
    ISequence<T> Subsequence(BigInteger lo, BigInteger hi);
    bool EqualsAux(ISequence<object> other);
    ISequence<U> DowncastClone<U>(Func<T, U> converter);
    string ToVerbatimString(bool asLiteral);
  }

  public abstract class Sequence<T> : ISequence<T> {
    public static readonly ISequence<T> Empty = new ArraySequence<T>(new T[0]);

    private static readonly TypeDescriptor<ISequence<T>> _TYPE = new Dafny.TypeDescriptor<ISequence<T>>(Empty);
    public static TypeDescriptor<ISequence<T>> _TypeDescriptor() {
      return _TYPE;
    }

    public static ISequence<T> Create(BigInteger length, System.Func<BigInteger, T> init) {
      var len = (int)length;
      var builder = ImmutableArray.CreateBuilder<T>(len);
      for (int i = 0; i < len; i++) {
        builder.Add(init(new BigInteger(i)));
      }
      return new ArraySequence<T>(builder.MoveToImmutable());
    }
    public static ISequence<T> FromArray(T[] values) {
      return new ArraySequence<T>(values);
    }
    public static ISequence<T> FromElements(params T[] values) {
      return new ArraySequence<T>(values);
    }
    public static ISequence<char> FromString(string s) {
      return new ArraySequence<char>(s.ToCharArray());
    }
    public static ISequence<Rune> UnicodeFromString(string s) {
      var runes = new List<Rune>();

      foreach (var rune in Rune.Enumerate(s)) {
        runes.Add(rune);
      }
      return new ArraySequence<Rune>(runes.ToArray());
    }

    public static ISequence<ISequence<char>> FromMainArguments(string[] args) {
      Dafny.ISequence<char>[] dafnyArgs = new Dafny.ISequence<char>[args.Length + 1];
      dafnyArgs[0] = Dafny.Sequence<char>.FromString("dotnet");
      for (var i = 0; i < args.Length; i++) {
        dafnyArgs[i + 1] = Dafny.Sequence<char>.FromString(args[i]);
      }

      return Sequence<ISequence<char>>.FromArray(dafnyArgs);
    }
    public static ISequence<ISequence<Rune>> UnicodeFromMainArguments(string[] args) {
      Dafny.ISequence<Rune>[] dafnyArgs = new Dafny.ISequence<Rune>[args.Length + 1];
      dafnyArgs[0] = Dafny.Sequence<Rune>.UnicodeFromString("dotnet");
      for (var i = 0; i < args.Length; i++) {
        dafnyArgs[i + 1] = Dafny.Sequence<Rune>.UnicodeFromString(args[i]);
      }

      return Sequence<ISequence<Rune>>.FromArray(dafnyArgs);
    }

    public ISequence<U> DowncastClone<U>(Func<T, U> converter) {
      if (this is ISequence<U> th) {
        return th;
      } else {
        var values = new U[this.LongCount];
        for (long i = 0; i < this.LongCount; i++) {
          var val = converter(this.Select(i));
          values[i] = val;
        }
        return new ArraySequence<U>(values);
      }
    }
    public static ISequence<T> Update(ISequence<T> sequence, long index, T t) {
      T[] tmp = sequence.CloneAsArray();
      tmp[index] = t;
      return new ArraySequence<T>(tmp);
    }
    public static ISequence<T> Update(ISequence<T> sequence, ulong index, T t) {
      return Update(sequence, (long)index, t);
    }
    public static ISequence<T> Update(ISequence<T> sequence, BigInteger index, T t) {
      return Update(sequence, (long)index, t);
    }
    public static bool EqualUntil(ISequence<T> left, ISequence<T> right, int n) {
      for (int i = 0; i < n; i++) {
        if (!Equals(left.Select(i), right.Select(i))) {
          return false;
        }
      }
      return true;
    }
    public static bool IsPrefixOf(ISequence<T> left, ISequence<T> right) {
      int n = left.Count;
      return n <= right.Count && EqualUntil(left, right, n);
    }
    public static bool IsProperPrefixOf(ISequence<T> left, ISequence<T> right) {
      int n = left.Count;
      return n < right.Count && EqualUntil(left, right, n);
    }
    public static ISequence<T> Concat(ISequence<T> left, ISequence<T> right) {
      if (left.Count == 0) {
        return right;
      }
      if (right.Count == 0) {
        return left;
      }
      return new ConcatSequence<T>(left, right);
    }
    // Make Count a public abstract instead of LongCount, since the "array size is limited to a total of 4 billion
    // elements, and to a maximum index of 0X7FEFFFFF". Therefore, as a protection, limit this to int32.
    // https://docs.microsoft.com/en-us/dotnet/api/system.array
    public abstract int Count { get; }
    public long LongCount {
      get { return Count; }
    }
    // ImmutableElements cannot be public in the interface since ImmutableArray<T> leads to a
    // "covariant type T occurs in invariant position" error. There do not appear to be interfaces for ImmutableArray<T>
    // that resolve this.
    internal abstract ImmutableArray<T> ImmutableElements { get; }

    public T[] Elements { get { return CloneAsArray(); } }

    public T[] CloneAsArray() {
      return ImmutableElements.ToArray();
    }

    public IEnumerable<T> UniqueElements {
      get {
        return Set<T>.FromCollection(ImmutableElements).Elements;
      }
    }

    public IEnumerator<T> GetEnumerator() {
      foreach (var el in ImmutableElements) {
        yield return el;
      }
    }

    IEnumerator IEnumerable.GetEnumerator() {
      return GetEnumerator();
    }

    public T Select(ulong index) {
      return ImmutableElements[checked((int)index)];
    }
    public T Select(long index) {
      return ImmutableElements[checked((int)index)];
    }
    public T Select(uint index) {
      return ImmutableElements[checked((int)index)];
    }
    public T Select(int index) {
      return ImmutableElements[index];
    }
    public T Select(BigInteger index) {
      return ImmutableElements[(int)index];
    }
    public bool Equals(ISequence<T> other) {
      return ReferenceEquals(this, other) || (Count == other.Count && EqualUntil(this, other, Count));
    }
    public override bool Equals(object other) {
      if (other is ISequence<T>) {
        return Equals((ISequence<T>)other);
      }
      var th = this as ISequence<object>;
      var oth = other as ISequence<object>;
      if (th != null && oth != null) {
        // see explanation in Set.Equals
        return oth.EqualsAux(th);
      } else {
        return false;
      }
    }
    public bool EqualsAux(ISequence<object> other) {
      var s = other as ISequence<T>;
      if (s != null) {
        return Equals(s);
      } else {
        return false;
      }
    }
    public override int GetHashCode() {
      ImmutableArray<T> elmts = ImmutableElements;
      // https://devblogs.microsoft.com/dotnet/please-welcome-immutablearrayt/
      if (elmts.IsDefaultOrEmpty) {
        return 0;
      }

      var hashCode = 0;
      for (var i = 0; i < elmts.Length; i++) {
        hashCode = (hashCode << 3) | (hashCode >> 29) ^ Dafny.Helpers.GetHashCode(elmts[i]);
      }
      return hashCode;
    }
    public override string ToString() {
      if (typeof(T) == typeof(char)) {
        return string.Concat(this);
      } else {
        return "[" + string.Join(", ", ImmutableElements.Select(Dafny.Helpers.ToString)) + "]";
      }
    }

    public string ToVerbatimString(bool asLiteral) {
      var builder = new System.Text.StringBuilder();
      if (asLiteral) {
        builder.Append('"');
      }
      foreach (var c in this) {
        var rune = (Rune)(object)c;
        if (asLiteral) {
          builder.Append(Helpers.EscapeCharacter(rune));
        } else {
          builder.Append(char.ConvertFromUtf32(rune.Value));
        }
      }
      if (asLiteral) {
        builder.Append('"');
      }
      return builder.ToString();
    }

    public bool Contains<G>(G g) {
      if (g == null || g is T) {
        var t = (T)(object)g;
        return ImmutableElements.Contains(t);
      }
      return false;
    }
    public ISequence<T> Take(long m) {
      return Subsequence(0, m);
    }
    public ISequence<T> Take(ulong n) {
      return Take((long)n);
    }
    public ISequence<T> Take(BigInteger n) {
      return Take((long)n);
    }
    public ISequence<T> Drop(long m) {
      return Subsequence(m, Count);
    }
    public ISequence<T> Drop(ulong n) {
      return Drop((long)n);
    }
    public ISequence<T> Drop(BigInteger n) {
      return Drop((long)n);
    }
    public ISequence<T> Subsequence(long lo, long hi) {
      if (lo == 0 && hi == Count) {
        return this;
      }
      int startingIndex = checked((int)lo);
      var length = checked((int)hi) - startingIndex;
      return new ArraySequence<T>(ImmutableArray.Create<T>(ImmutableElements, startingIndex, length));
    }
    public ISequence<T> Subsequence(long lo, ulong hi) {
      return Subsequence(lo, (long)hi);
    }
    public ISequence<T> Subsequence(long lo, BigInteger hi) {
      return Subsequence(lo, (long)hi);
    }
    public ISequence<T> Subsequence(ulong lo, long hi) {
      return Subsequence((long)lo, hi);
    }
    public ISequence<T> Subsequence(ulong lo, ulong hi) {
      return Subsequence((long)lo, (long)hi);
    }
    public ISequence<T> Subsequence(ulong lo, BigInteger hi) {
      return Subsequence((long)lo, (long)hi);
    }
    public ISequence<T> Subsequence(BigInteger lo, long hi) {
      return Subsequence((long)lo, hi);
    }
    public ISequence<T> Subsequence(BigInteger lo, ulong hi) {
      return Subsequence((long)lo, (long)hi);
    }
    public ISequence<T> Subsequence(BigInteger lo, BigInteger hi) {
      return Subsequence((long)lo, (long)hi);
    }
  }

  internal class ArraySequence<T> : Sequence<T> {
    private readonly ImmutableArray<T> elmts;

    internal ArraySequence(ImmutableArray<T> ee) {
      elmts = ee;
    }
    internal ArraySequence(T[] ee) {
      elmts = ImmutableArray.Create<T>(ee);
    }

    internal override ImmutableArray<T> ImmutableElements {
      get {
        return elmts;
      }
    }

    public override int Count {
      get {
        return elmts.Length;
      }
    }
  }

  internal class ConcatSequence<T> : Sequence<T> {
    // INVARIANT: Either left != null, right != null, and elmts's underlying array == null or
    // left == null, right == null, and elmts's underlying array != null
    internal volatile ISequence<T> left, right;
    internal ImmutableArray<T> elmts;
    private readonly int count;

    internal ConcatSequence(ISequence<T> left, ISequence<T> right) {
      this.left = left;
      this.right = right;
      this.count = left.Count + right.Count;
    }

    internal override ImmutableArray<T> ImmutableElements {
      get {
        // IsDefault returns true if the underlying array is a null reference
        // https://devblogs.microsoft.com/dotnet/please-welcome-immutablearrayt/
        if (elmts.IsDefault) {
          elmts = ComputeElements();
          // We don't need the original sequences anymore; let them be
          // garbage-collected
          left = null;
          right = null;
        }
        return elmts;
      }
    }

    public override int Count {
      get {
        return count;
      }
    }

    internal ImmutableArray<T> ComputeElements() {
      // Traverse the tree formed by all descendants which are ConcatSequences
      var ansBuilder = ImmutableArray.CreateBuilder<T>(count);
      var toVisit = new Stack<ISequence<T>>();
      var leftBuffer = left;
      var rightBuffer = right;
      if (left == null || right == null) {
        // elmts can't be .IsDefault while either left, or right are null
        return elmts;
      }
      toVisit.Push(rightBuffer);
      toVisit.Push(leftBuffer);

      while (toVisit.Count != 0) {
        var seq = toVisit.Pop();
        if (seq is ConcatSequence<T> cs && cs.elmts.IsDefault) {
          leftBuffer = cs.left;
          rightBuffer = cs.right;
          if (cs.left == null || cs.right == null) {
            // !cs.elmts.IsDefault, due to concurrent enumeration
            toVisit.Push(cs);
          } else {
            toVisit.Push(rightBuffer);
            toVisit.Push(leftBuffer);
          }
        } else {
          if (seq is Sequence<T> sq) {
            ansBuilder.AddRange(sq.ImmutableElements); // Optimized path for ImmutableArray
          } else {
            ansBuilder.AddRange(seq); // Slower path using IEnumerable
          }
        }
      }
      return ansBuilder.MoveToImmutable();
    }
  }

  public interface IPair<out A, out B> {
    A Car { get; }
    B Cdr { get; }
  }

  public class Pair<A, B> : IPair<A, B> {
    private A car;
    private B cdr;
    public A Car { get { return car; } }
    public B Cdr { get { return cdr; } }
    public Pair(A a, B b) {
      this.car = a;
      this.cdr = b;
    }
  }

  public class TypeDescriptor<T> {
    private readonly T initValue;
    public TypeDescriptor(T initValue) {
      this.initValue = initValue;
    }
    public T Default() {
      return initValue;
    }
  }

  public partial class Helpers {
    public static int GetHashCode<G>(G g) {
      return g == null ? 1001 : g.GetHashCode();
    }

    public static int ToIntChecked(BigInteger i, string msg) {
      if (i > Int32.MaxValue || i < Int32.MinValue) {
        if (msg == null) {
          msg = "value out of range for a 32-bit int";
        }

        throw new HaltException(msg + ": " + i);
      }
      return (int)i;
    }
    public static int ToIntChecked(long i, string msg) {
      if (i > Int32.MaxValue || i < Int32.MinValue) {
        if (msg == null) {
          msg = "value out of range for a 32-bit int";
        }

        throw new HaltException(msg + ": " + i);
      }
      return (int)i;
    }
    public static int ToIntChecked(int i, string msg) {
      return i;
    }

    public static string ToString<G>(G g) {
      if (g == null) {
        return "null";
      } else if (g is bool) {
        return (bool)(object)g ? "true" : "false";  // capitalize boolean literals like in Dafny
      } else if (g is Rune) {
        return "'" + EscapeCharacter((Rune)(object)g) + "'";
      } else {
        return g.ToString();
      }
    }

    public static string EscapeCharacter(Rune r) {
      switch (r.Value) {
        case '\n': return "\\n";
        case '\r': return "\\r";
        case '\t': return "\\t";
        case '\0': return "\\0";
        case '\'': return "\\'";
        case '\"': return "\\\"";
        case '\\': return "\\\\";
        default: return r.ToString();
      };
    }

    public static void Print<G>(G g) {
      System.Console.Write(ToString(g));
    }

    public static readonly TypeDescriptor<bool> BOOL = new TypeDescriptor<bool>(false);
    public static readonly TypeDescriptor<char> CHAR = new TypeDescriptor<char>('D');  // See CharType.DefaultValue in Dafny source code
    public static readonly TypeDescriptor<Rune> RUNE = new TypeDescriptor<Rune>(new Rune('D'));  // See CharType.DefaultValue in Dafny source code
    public static readonly TypeDescriptor<BigInteger> INT = new TypeDescriptor<BigInteger>(BigInteger.Zero);
    public static readonly TypeDescriptor<BigRational> REAL = new TypeDescriptor<BigRational>(BigRational.ZERO);
    public static readonly TypeDescriptor<byte> UINT8 = new TypeDescriptor<byte>(0);
    public static readonly TypeDescriptor<ushort> UINT16 = new TypeDescriptor<ushort>(0);
    public static readonly TypeDescriptor<uint> UINT32 = new TypeDescriptor<uint>(0);
    public static readonly TypeDescriptor<ulong> UINT64 = new TypeDescriptor<ulong>(0);

    public static TypeDescriptor<T> NULL<T>() where T : class {
      return new TypeDescriptor<T>(null);
    }

    public static TypeDescriptor<A[]> ARRAY<A>() {
      return new TypeDescriptor<A[]>(new A[0]);
    }

    public static bool Quantifier<T>(IEnumerable<T> vals, bool frall, System.Predicate<T> pred) {
      foreach (var u in vals) {
        if (pred(u) != frall) { return !frall; }
      }
      return frall;
    }
    // Enumerating other collections
    public static IEnumerable<bool> AllBooleans() {
      yield return false;
      yield return true;
    }
    public static IEnumerable<char> AllChars() {
      for (int i = 0; i < 0x1_0000; i++) {
        yield return (char)i;
      }
    }
    public static IEnumerable<Rune> AllUnicodeChars() {
      for (int i = 0; i < 0xD800; i++) {
        yield return new Rune(i);
      }
      for (int i = 0xE000; i < 0x11_0000; i++) {
        yield return new Rune(i);
      }
    }
    public static IEnumerable<BigInteger> AllIntegers() {
      yield return new BigInteger(0);
      for (var j = new BigInteger(1); ; j++) {
        yield return j;
        yield return -j;
      }
    }
    public static IEnumerable<BigInteger> IntegerRange(Nullable<BigInteger> lo, Nullable<BigInteger> hi) {
      if (lo == null) {
        for (var j = (BigInteger)hi; true;) {
          j--;
          yield return j;
        }
      } else if (hi == null) {
        for (var j = (BigInteger)lo; true; j++) {
          yield return j;
        }
      } else {
        for (var j = (BigInteger)lo; j < hi; j++) {
          yield return j;
        }
      }
    }
    public static IEnumerable<T> SingleValue<T>(T e) {
      yield return e;
    }
    // pre: b != 0
    // post: result == a/b, as defined by Euclidean Division (http://en.wikipedia.org/wiki/Modulo_operation)
    public static sbyte EuclideanDivision_sbyte(sbyte a, sbyte b) {
      return (sbyte)EuclideanDivision_int(a, b);
    }
    public static short EuclideanDivision_short(short a, short b) {
      return (short)EuclideanDivision_int(a, b);
    }
    public static int EuclideanDivision_int(int a, int b) {
      if (0 <= a) {
        if (0 <= b) {
          // +a +b: a/b
          return (int)(((uint)(a)) / ((uint)(b)));
        } else {
          // +a -b: -(a/(-b))
          return -((int)(((uint)(a)) / ((uint)(unchecked(-b)))));
        }
      } else {
        if (0 <= b) {
          // -a +b: -((-a-1)/b) - 1
          return -((int)(((uint)(-(a + 1))) / ((uint)(b)))) - 1;
        } else {
          // -a -b: ((-a-1)/(-b)) + 1
          return ((int)(((uint)(-(a + 1))) / ((uint)(unchecked(-b))))) + 1;
        }
      }
    }
    public static long EuclideanDivision_long(long a, long b) {
      if (0 <= a) {
        if (0 <= b) {
          // +a +b: a/b
          return (long)(((ulong)(a)) / ((ulong)(b)));
        } else {
          // +a -b: -(a/(-b))
          return -((long)(((ulong)(a)) / ((ulong)(unchecked(-b)))));
        }
      } else {
        if (0 <= b) {
          // -a +b: -((-a-1)/b) - 1
          return -((long)(((ulong)(-(a + 1))) / ((ulong)(b)))) - 1;
        } else {
          // -a -b: ((-a-1)/(-b)) + 1
          return ((long)(((ulong)(-(a + 1))) / ((ulong)(unchecked(-b))))) + 1;
        }
      }
    }
    public static BigInteger EuclideanDivision(BigInteger a, BigInteger b) {
      if (0 <= a.Sign) {
        if (0 <= b.Sign) {
          // +a +b: a/b
          return BigInteger.Divide(a, b);
        } else {
          // +a -b: -(a/(-b))
          return BigInteger.Negate(BigInteger.Divide(a, BigInteger.Negate(b)));
        }
      } else {
        if (0 <= b.Sign) {
          // -a +b: -((-a-1)/b) - 1
          return BigInteger.Negate(BigInteger.Divide(BigInteger.Negate(a) - 1, b)) - 1;
        } else {
          // -a -b: ((-a-1)/(-b)) + 1
          return BigInteger.Divide(BigInteger.Negate(a) - 1, BigInteger.Negate(b)) + 1;
        }
      }
    }
    // pre: b != 0
    // post: result == a%b, as defined by Euclidean Division (http://en.wikipedia.org/wiki/Modulo_operation)
    public static sbyte EuclideanModulus_sbyte(sbyte a, sbyte b) {
      return (sbyte)EuclideanModulus_int(a, b);
    }
    public static short EuclideanModulus_short(short a, short b) {
      return (short)EuclideanModulus_int(a, b);
    }
    public static int EuclideanModulus_int(int a, int b) {
      uint bp = (0 <= b) ? (uint)b : (uint)(unchecked(-b));
      if (0 <= a) {
        // +a: a % b'
        return (int)(((uint)a) % bp);
      } else {
        // c = ((-a) % b')
        // -a: b' - c if c > 0
        // -a: 0 if c == 0
        uint c = ((uint)(unchecked(-a))) % bp;
        return (int)(c == 0 ? c : bp - c);
      }
    }
    public static long EuclideanModulus_long(long a, long b) {
      ulong bp = (0 <= b) ? (ulong)b : (ulong)(unchecked(-b));
      if (0 <= a) {
        // +a: a % b'
        return (long)(((ulong)a) % bp);
      } else {
        // c = ((-a) % b')
        // -a: b' - c if c > 0
        // -a: 0 if c == 0
        ulong c = ((ulong)(unchecked(-a))) % bp;
        return (long)(c == 0 ? c : bp - c);
      }
    }
    public static BigInteger EuclideanModulus(BigInteger a, BigInteger b) {
      var bp = BigInteger.Abs(b);
      if (0 <= a.Sign) {
        // +a: a % b'
        return BigInteger.Remainder(a, bp);
      } else {
        // c = ((-a) % b')
        // -a: b' - c if c > 0
        // -a: 0 if c == 0
        var c = BigInteger.Remainder(BigInteger.Negate(a), bp);
        return c.IsZero ? c : BigInteger.Subtract(bp, c);
      }
    }

    public static U CastConverter<T, U>(T t) {
      return (U)(object)t;
    }

    public static Sequence<T> SeqFromArray<T>(T[] array) {
      return new ArraySequence<T>(array);
    }
    // In .NET version 4.5, it is possible to mark a method with "AggressiveInlining", which says to inline the
    // method if possible.  Method "ExpressionSequence" would be a good candidate for it:
    // [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static U ExpressionSequence<T, U>(T t, U u) {
      return u;
    }

    public static U Let<T, U>(T t, Func<T, U> f) {
      return f(t);
    }

    public static A Id<A>(A a) {
      return a;
    }

    public static void WithHaltHandling(Action action) {
      try {
        action();
      } catch (HaltException e) {
        Console.WriteLine("[Program halted] " + e.Message);
        // This is unfriendly given that Dafny's C# compiler will
        // invoke the compiled main method directly,
        // so we might be exiting the whole Dafny process here.
        // That's the best we can do until Dafny main methods support
        // a return value though (https://github.com/dafny-lang/dafny/issues/2699).
        // If we just set Environment.ExitCode here, the Dafny CLI
        // will just override that with 0.
        Environment.Exit(1);
      }
    }

    public static Rune AddRunes(Rune left, Rune right) {
      return (Rune)(left.Value + right.Value);
    }

    public static Rune SubtractRunes(Rune left, Rune right) {
      return (Rune)(left.Value - right.Value);
    }

    public static uint Bv32ShiftLeft(uint a, int amount) {
      return 32 <= amount ? 0 : a << amount;
    }
    public static ulong Bv64ShiftLeft(ulong a, int amount) {
      return 64 <= amount ? 0 : a << amount;
    }

    public static uint Bv32ShiftRight(uint a, int amount) {
      return 32 <= amount ? 0 : a >> amount;
    }
    public static ulong Bv64ShiftRight(ulong a, int amount) {
      return 64 <= amount ? 0 : a >> amount;
    }
  }

  public class BigOrdinal {
    public static bool IsLimit(BigInteger ord) {
      return ord == 0;
    }
    public static bool IsSucc(BigInteger ord) {
      return 0 < ord;
    }
    public static BigInteger Offset(BigInteger ord) {
      return ord;
    }
    public static bool IsNat(BigInteger ord) {
      return true;  // at run time, every ORDINAL is a natural number
    }
  }

  public struct BigRational {
    public static readonly BigRational ZERO = new BigRational(0);

    // We need to deal with the special case "num == 0 && den == 0", because
    // that's what C#'s default struct constructor will produce for BigRational. :(
    // To deal with it, we ignore "den" when "num" is 0.
    public readonly BigInteger num, den;  // invariant 1 <= den || (num == 0 && den == 0)

    public override string ToString() {
      if (num.IsZero || den.IsOne) {
        return string.Format("{0}.0", num);
      } else if (DividesAPowerOf10(den, out var factor, out var log10)) {
        var n = num * factor;
        string sign;
        string digits;
        if (n.Sign < 0) {
          sign = "-"; digits = (-n).ToString();
        } else {
          sign = ""; digits = n.ToString();
        }
        if (log10 < digits.Length) {
          var digitCount = digits.Length - log10;
          return string.Format("{0}{1}.{2}", sign, digits.Substring(0, digitCount), digits.Substring(digitCount));
        } else {
          return string.Format("{0}0.{1}{2}", sign, new string('0', log10 - digits.Length), digits);
        }
      } else {
        return string.Format("({0}.0 / {1}.0)", num, den);
      }
    }
    public static bool IsPowerOf10(BigInteger x, out int log10) {
      log10 = 0;
      if (x.IsZero) {
        return false;
      }
      while (true) {  // invariant: x != 0 && x * 10^log10 == old(x)
        if (x.IsOne) {
          return true;
        } else if (x % 10 == 0) {
          log10++;
          x /= 10;
        } else {
          return false;
        }
      }
    }
    /// <summary>
    /// If this method return true, then
    ///     10^log10 == factor * i
    /// Otherwise, factor and log10 should not be used.
    /// </summary>
    public static bool DividesAPowerOf10(BigInteger i, out BigInteger factor, out int log10) {
      factor = BigInteger.One;
      log10 = 0;
      if (i <= 0) {
        return false;
      }

      BigInteger ten = 10;
      BigInteger five = 5;
      BigInteger two = 2;

      // invariant: 1 <= i && i * 10^log10 == factor * old(i)
      while (i % ten == 0) {
        i /= ten;
        log10++;
      }

      while (i % five == 0) {
        i /= five;
        factor *= two;
        log10++;
      }
      while (i % two == 0) {
        i /= two;
        factor *= five;
        log10++;
      }

      return i == BigInteger.One;
    }

    public BigRational(int n) {
      num = new BigInteger(n);
      den = BigInteger.One;
    }
    public BigRational(uint n) {
      num = new BigInteger(n);
      den = BigInteger.One;
    }
    public BigRational(long n) {
      num = new BigInteger(n);
      den = BigInteger.One;
    }
    public BigRational(ulong n) {
      num = new BigInteger(n);
      den = BigInteger.One;
    }
    public BigRational(BigInteger n, BigInteger d) {
      // requires 1 <= d
      num = n;
      den = d;
    }
    /// <summary>
    /// Construct an exact rational representation of a double value.
    /// Throw an exception on NaN or infinite values. Does not support
    /// subnormal values, though it would be possible to extend it to.
    /// </summary>
    public BigRational(double n) {
      if (Double.IsNaN(n)) {
        throw new ArgumentException("Can't convert NaN to a rational.");
      }
      if (Double.IsInfinity(n)) {
        throw new ArgumentException(
          "Can't convert +/- infinity to a rational.");
      }

      // Double-specific values
      const int exptBias = 1023;
      const ulong signMask = 0x8000000000000000;
      const ulong exptMask = 0x7FF0000000000000;
      const ulong mantMask = 0x000FFFFFFFFFFFFF;
      const int mantBits = 52;
      ulong bits = BitConverter.ToUInt64(BitConverter.GetBytes(n), 0);

      // Generic conversion
      bool isNeg = (bits & signMask) != 0;
      int expt = ((int)((bits & exptMask) >> mantBits)) - exptBias;
      var mant = (bits & mantMask);

      if (expt == -exptBias && mant != 0) {
        throw new ArgumentException(
          "Can't convert a subnormal value to a rational (yet).");
      }

      var one = BigInteger.One;
      var negFactor = isNeg ? BigInteger.Negate(one) : one;
      var two = new BigInteger(2);
      var exptBI = BigInteger.Pow(two, Math.Abs(expt));
      var twoToMantBits = BigInteger.Pow(two, mantBits);
      var mantNum = negFactor * (twoToMantBits + new BigInteger(mant));
      if (expt == -exptBias && mant == 0) {
        num = den = 0;
      } else if (expt < 0) {
        num = mantNum;
        den = twoToMantBits * exptBI;
      } else {
        num = exptBI * mantNum;
        den = twoToMantBits;
      }
    }
    public BigInteger ToBigInteger() {
      if (num.IsZero || den.IsOne) {
        return num;
      } else if (0 < num.Sign) {
        return num / den;
      } else {
        return (num - den + 1) / den;
      }
    }

    public bool IsInteger() {
      var floored = new BigRational(this.ToBigInteger(), BigInteger.One);
      return this == floored;
    }

    /// <summary>
    /// Returns values such that aa/dd == a and bb/dd == b.
    /// </summary>
    private static void Normalize(BigRational a, BigRational b, out BigInteger aa, out BigInteger bb, out BigInteger dd) {
      if (a.num.IsZero) {
        aa = a.num;
        bb = b.num;
        dd = b.den;
      } else if (b.num.IsZero) {
        aa = a.num;
        dd = a.den;
        bb = b.num;
      } else {
        var gcd = BigInteger.GreatestCommonDivisor(a.den, b.den);
        var xx = a.den / gcd;
        var yy = b.den / gcd;
        // We now have a == a.num / (xx * gcd) and b == b.num / (yy * gcd).
        aa = a.num * yy;
        bb = b.num * xx;
        dd = a.den * yy;
      }
    }
    public int CompareTo(BigRational that) {
      // simple things first
      int asign = this.num.Sign;
      int bsign = that.num.Sign;
      if (asign < 0 && 0 <= bsign) {
        return -1;
      } else if (asign <= 0 && 0 < bsign) {
        return -1;
      } else if (bsign < 0 && 0 <= asign) {
        return 1;
      } else if (bsign <= 0 && 0 < asign) {
        return 1;
      }

      Normalize(this, that, out var aa, out var bb, out var dd);
      return aa.CompareTo(bb);
    }
    public int Sign {
      get {
        return num.Sign;
      }
    }
    public override int GetHashCode() {
      return num.GetHashCode() + 29 * den.GetHashCode();
    }
    public override bool Equals(object obj) {
      if (obj is BigRational) {
        return this == (BigRational)obj;
      } else {
        return false;
      }
    }
    public static bool operator ==(BigRational a, BigRational b) {
      return a.CompareTo(b) == 0;
    }
    public static bool operator !=(BigRational a, BigRational b) {
      return a.CompareTo(b) != 0;
    }
    public static bool operator >(BigRational a, BigRational b) {
      return a.CompareTo(b) > 0;
    }
    public static bool operator >=(BigRational a, BigRational b) {
      return a.CompareTo(b) >= 0;
    }
    public static bool operator <(BigRational a, BigRational b) {
      return a.CompareTo(b) < 0;
    }
    public static bool operator <=(BigRational a, BigRational b) {
      return a.CompareTo(b) <= 0;
    }
    public static BigRational operator +(BigRational a, BigRational b) {
      Normalize(a, b, out var aa, out var bb, out var dd);
      return new BigRational(aa + bb, dd);
    }
    public static BigRational operator -(BigRational a, BigRational b) {
      Normalize(a, b, out var aa, out var bb, out var dd);
      return new BigRational(aa - bb, dd);
    }
    public static BigRational operator -(BigRational a) {
      return new BigRational(-a.num, a.den);
    }
    public static BigRational operator *(BigRational a, BigRational b) {
      return new BigRational(a.num * b.num, a.den * b.den);
    }
    public static BigRational operator /(BigRational a, BigRational b) {
      // Compute the reciprocal of b
      BigRational bReciprocal;
      if (0 < b.num.Sign) {
        bReciprocal = new BigRational(b.den, b.num);
      } else {
        // this is the case b.num < 0
        bReciprocal = new BigRational(-b.den, -b.num);
      }
      return a * bReciprocal;
    }
  }

  public class HaltException : Exception {
    public HaltException(object message) : base(message.ToString()) {
    }
  }
}
// Dafny program systemModulePopulator.dfy compiled into C#
// To recompile, you will need the libraries
//     System.Runtime.Numerics.dll System.Collections.Immutable.dll
// but the 'dotnet' tool in .NET should pick those up automatically.
// Optionally, you may want to include compiler switches like
//     /debug /nowarn:162,164,168,183,219,436,1717,1718

#if ISDAFNYRUNTIMELIB
using System;
using System.Numerics;
using System.Collections;
#endif
#if ISDAFNYRUNTIMELIB
namespace Dafny {
  internal class ArrayHelpers {
    public static T[] InitNewArray1<T>(T z, BigInteger size0) {
      int s0 = (int)size0;
      T[] a = new T[s0];
      for (int i0 = 0; i0 < s0; i0++) {
        a[i0] = z;
      }
      return a;
    }
    public static T[,] InitNewArray2<T>(T z, BigInteger size0, BigInteger size1) {
      int s0 = (int)size0;
      int s1 = (int)size1;
      T[,] a = new T[s0,s1];
      for (int i0 = 0; i0 < s0; i0++) {
        for (int i1 = 0; i1 < s1; i1++) {
          a[i0,i1] = z;
        }
      }
      return a;
    }
    public static T[,,] InitNewArray3<T>(T z, BigInteger size0, BigInteger size1, BigInteger size2) {
      int s0 = (int)size0;
      int s1 = (int)size1;
      int s2 = (int)size2;
      T[,,] a = new T[s0,s1,s2];
      for (int i0 = 0; i0 < s0; i0++) {
        for (int i1 = 0; i1 < s1; i1++) {
          for (int i2 = 0; i2 < s2; i2++) {
            a[i0,i1,i2] = z;
          }
        }
      }
      return a;
    }
    public static T[,,,] InitNewArray4<T>(T z, BigInteger size0, BigInteger size1, BigInteger size2, BigInteger size3) {
      int s0 = (int)size0;
      int s1 = (int)size1;
      int s2 = (int)size2;
      int s3 = (int)size3;
      T[,,,] a = new T[s0,s1,s2,s3];
      for (int i0 = 0; i0 < s0; i0++) {
        for (int i1 = 0; i1 < s1; i1++) {
          for (int i2 = 0; i2 < s2; i2++) {
            for (int i3 = 0; i3 < s3; i3++) {
              a[i0,i1,i2,i3] = z;
            }
          }
        }
      }
      return a;
    }
    public static T[,,,,] InitNewArray5<T>(T z, BigInteger size0, BigInteger size1, BigInteger size2, BigInteger size3, BigInteger size4) {
      int s0 = (int)size0;
      int s1 = (int)size1;
      int s2 = (int)size2;
      int s3 = (int)size3;
      int s4 = (int)size4;
      T[,,,,] a = new T[s0,s1,s2,s3,s4];
      for (int i0 = 0; i0 < s0; i0++) {
        for (int i1 = 0; i1 < s1; i1++) {
          for (int i2 = 0; i2 < s2; i2++) {
            for (int i3 = 0; i3 < s3; i3++) {
              for (int i4 = 0; i4 < s4; i4++) {
                a[i0,i1,i2,i3,i4] = z;
              }
            }
          }
        }
      }
      return a;
    }
    public static T[,,,,,] InitNewArray6<T>(T z, BigInteger size0, BigInteger size1, BigInteger size2, BigInteger size3, BigInteger size4, BigInteger size5) {
      int s0 = (int)size0;
      int s1 = (int)size1;
      int s2 = (int)size2;
      int s3 = (int)size3;
      int s4 = (int)size4;
      int s5 = (int)size5;
      T[,,,,,] a = new T[s0,s1,s2,s3,s4,s5];
      for (int i0 = 0; i0 < s0; i0++) {
        for (int i1 = 0; i1 < s1; i1++) {
          for (int i2 = 0; i2 < s2; i2++) {
            for (int i3 = 0; i3 < s3; i3++) {
              for (int i4 = 0; i4 < s4; i4++) {
                for (int i5 = 0; i5 < s5; i5++) {
                  a[i0,i1,i2,i3,i4,i5] = z;
                }
              }
            }
          }
        }
      }
      return a;
    }
    public static T[,,,,,,] InitNewArray7<T>(T z, BigInteger size0, BigInteger size1, BigInteger size2, BigInteger size3, BigInteger size4, BigInteger size5, BigInteger size6) {
      int s0 = (int)size0;
      int s1 = (int)size1;
      int s2 = (int)size2;
      int s3 = (int)size3;
      int s4 = (int)size4;
      int s5 = (int)size5;
      int s6 = (int)size6;
      T[,,,,,,] a = new T[s0,s1,s2,s3,s4,s5,s6];
      for (int i0 = 0; i0 < s0; i0++) {
        for (int i1 = 0; i1 < s1; i1++) {
          for (int i2 = 0; i2 < s2; i2++) {
            for (int i3 = 0; i3 < s3; i3++) {
              for (int i4 = 0; i4 < s4; i4++) {
                for (int i5 = 0; i5 < s5; i5++) {
                  for (int i6 = 0; i6 < s6; i6++) {
                    a[i0,i1,i2,i3,i4,i5,i6] = z;
                  }
                }
              }
            }
          }
        }
      }
      return a;
    }
    public static T[,,,,,,,] InitNewArray8<T>(T z, BigInteger size0, BigInteger size1, BigInteger size2, BigInteger size3, BigInteger size4, BigInteger size5, BigInteger size6, BigInteger size7) {
      int s0 = (int)size0;
      int s1 = (int)size1;
      int s2 = (int)size2;
      int s3 = (int)size3;
      int s4 = (int)size4;
      int s5 = (int)size5;
      int s6 = (int)size6;
      int s7 = (int)size7;
      T[,,,,,,,] a = new T[s0,s1,s2,s3,s4,s5,s6,s7];
      for (int i0 = 0; i0 < s0; i0++) {
        for (int i1 = 0; i1 < s1; i1++) {
          for (int i2 = 0; i2 < s2; i2++) {
            for (int i3 = 0; i3 < s3; i3++) {
              for (int i4 = 0; i4 < s4; i4++) {
                for (int i5 = 0; i5 < s5; i5++) {
                  for (int i6 = 0; i6 < s6; i6++) {
                    for (int i7 = 0; i7 < s7; i7++) {
                      a[i0,i1,i2,i3,i4,i5,i6,i7] = z;
                    }
                  }
                }
              }
            }
          }
        }
      }
      return a;
    }
    public static T[,,,,,,,,] InitNewArray9<T>(T z, BigInteger size0, BigInteger size1, BigInteger size2, BigInteger size3, BigInteger size4, BigInteger size5, BigInteger size6, BigInteger size7, BigInteger size8) {
      int s0 = (int)size0;
      int s1 = (int)size1;
      int s2 = (int)size2;
      int s3 = (int)size3;
      int s4 = (int)size4;
      int s5 = (int)size5;
      int s6 = (int)size6;
      int s7 = (int)size7;
      int s8 = (int)size8;
      T[,,,,,,,,] a = new T[s0,s1,s2,s3,s4,s5,s6,s7,s8];
      for (int i0 = 0; i0 < s0; i0++) {
        for (int i1 = 0; i1 < s1; i1++) {
          for (int i2 = 0; i2 < s2; i2++) {
            for (int i3 = 0; i3 < s3; i3++) {
              for (int i4 = 0; i4 < s4; i4++) {
                for (int i5 = 0; i5 < s5; i5++) {
                  for (int i6 = 0; i6 < s6; i6++) {
                    for (int i7 = 0; i7 < s7; i7++) {
                      for (int i8 = 0; i8 < s8; i8++) {
                        a[i0,i1,i2,i3,i4,i5,i6,i7,i8] = z;
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
      return a;
    }
    public static T[,,,,,,,,,] InitNewArray10<T>(T z, BigInteger size0, BigInteger size1, BigInteger size2, BigInteger size3, BigInteger size4, BigInteger size5, BigInteger size6, BigInteger size7, BigInteger size8, BigInteger size9) {
      int s0 = (int)size0;
      int s1 = (int)size1;
      int s2 = (int)size2;
      int s3 = (int)size3;
      int s4 = (int)size4;
      int s5 = (int)size5;
      int s6 = (int)size6;
      int s7 = (int)size7;
      int s8 = (int)size8;
      int s9 = (int)size9;
      T[,,,,,,,,,] a = new T[s0,s1,s2,s3,s4,s5,s6,s7,s8,s9];
      for (int i0 = 0; i0 < s0; i0++) {
        for (int i1 = 0; i1 < s1; i1++) {
          for (int i2 = 0; i2 < s2; i2++) {
            for (int i3 = 0; i3 < s3; i3++) {
              for (int i4 = 0; i4 < s4; i4++) {
                for (int i5 = 0; i5 < s5; i5++) {
                  for (int i6 = 0; i6 < s6; i6++) {
                    for (int i7 = 0; i7 < s7; i7++) {
                      for (int i8 = 0; i8 < s8; i8++) {
                        for (int i9 = 0; i9 < s9; i9++) {
                          a[i0,i1,i2,i3,i4,i5,i6,i7,i8,i9] = z;
                        }
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
      return a;
    }
    public static T[,,,,,,,,,,] InitNewArray11<T>(T z, BigInteger size0, BigInteger size1, BigInteger size2, BigInteger size3, BigInteger size4, BigInteger size5, BigInteger size6, BigInteger size7, BigInteger size8, BigInteger size9, BigInteger size10) {
      int s0 = (int)size0;
      int s1 = (int)size1;
      int s2 = (int)size2;
      int s3 = (int)size3;
      int s4 = (int)size4;
      int s5 = (int)size5;
      int s6 = (int)size6;
      int s7 = (int)size7;
      int s8 = (int)size8;
      int s9 = (int)size9;
      int s10 = (int)size10;
      T[,,,,,,,,,,] a = new T[s0,s1,s2,s3,s4,s5,s6,s7,s8,s9,s10];
      for (int i0 = 0; i0 < s0; i0++) {
        for (int i1 = 0; i1 < s1; i1++) {
          for (int i2 = 0; i2 < s2; i2++) {
            for (int i3 = 0; i3 < s3; i3++) {
              for (int i4 = 0; i4 < s4; i4++) {
                for (int i5 = 0; i5 < s5; i5++) {
                  for (int i6 = 0; i6 < s6; i6++) {
                    for (int i7 = 0; i7 < s7; i7++) {
                      for (int i8 = 0; i8 < s8; i8++) {
                        for (int i9 = 0; i9 < s9; i9++) {
                          for (int i10 = 0; i10 < s10; i10++) {
                            a[i0,i1,i2,i3,i4,i5,i6,i7,i8,i9,i10] = z;
                          }
                        }
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
      return a;
    }
    public static T[,,,,,,,,,,,] InitNewArray12<T>(T z, BigInteger size0, BigInteger size1, BigInteger size2, BigInteger size3, BigInteger size4, BigInteger size5, BigInteger size6, BigInteger size7, BigInteger size8, BigInteger size9, BigInteger size10, BigInteger size11) {
      int s0 = (int)size0;
      int s1 = (int)size1;
      int s2 = (int)size2;
      int s3 = (int)size3;
      int s4 = (int)size4;
      int s5 = (int)size5;
      int s6 = (int)size6;
      int s7 = (int)size7;
      int s8 = (int)size8;
      int s9 = (int)size9;
      int s10 = (int)size10;
      int s11 = (int)size11;
      T[,,,,,,,,,,,] a = new T[s0,s1,s2,s3,s4,s5,s6,s7,s8,s9,s10,s11];
      for (int i0 = 0; i0 < s0; i0++) {
        for (int i1 = 0; i1 < s1; i1++) {
          for (int i2 = 0; i2 < s2; i2++) {
            for (int i3 = 0; i3 < s3; i3++) {
              for (int i4 = 0; i4 < s4; i4++) {
                for (int i5 = 0; i5 < s5; i5++) {
                  for (int i6 = 0; i6 < s6; i6++) {
                    for (int i7 = 0; i7 < s7; i7++) {
                      for (int i8 = 0; i8 < s8; i8++) {
                        for (int i9 = 0; i9 < s9; i9++) {
                          for (int i10 = 0; i10 < s10; i10++) {
                            for (int i11 = 0; i11 < s11; i11++) {
                              a[i0,i1,i2,i3,i4,i5,i6,i7,i8,i9,i10,i11] = z;
                            }
                          }
                        }
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
      return a;
    }
    public static T[,,,,,,,,,,,,] InitNewArray13<T>(T z, BigInteger size0, BigInteger size1, BigInteger size2, BigInteger size3, BigInteger size4, BigInteger size5, BigInteger size6, BigInteger size7, BigInteger size8, BigInteger size9, BigInteger size10, BigInteger size11, BigInteger size12) {
      int s0 = (int)size0;
      int s1 = (int)size1;
      int s2 = (int)size2;
      int s3 = (int)size3;
      int s4 = (int)size4;
      int s5 = (int)size5;
      int s6 = (int)size6;
      int s7 = (int)size7;
      int s8 = (int)size8;
      int s9 = (int)size9;
      int s10 = (int)size10;
      int s11 = (int)size11;
      int s12 = (int)size12;
      T[,,,,,,,,,,,,] a = new T[s0,s1,s2,s3,s4,s5,s6,s7,s8,s9,s10,s11,s12];
      for (int i0 = 0; i0 < s0; i0++) {
        for (int i1 = 0; i1 < s1; i1++) {
          for (int i2 = 0; i2 < s2; i2++) {
            for (int i3 = 0; i3 < s3; i3++) {
              for (int i4 = 0; i4 < s4; i4++) {
                for (int i5 = 0; i5 < s5; i5++) {
                  for (int i6 = 0; i6 < s6; i6++) {
                    for (int i7 = 0; i7 < s7; i7++) {
                      for (int i8 = 0; i8 < s8; i8++) {
                        for (int i9 = 0; i9 < s9; i9++) {
                          for (int i10 = 0; i10 < s10; i10++) {
                            for (int i11 = 0; i11 < s11; i11++) {
                              for (int i12 = 0; i12 < s12; i12++) {
                                a[i0,i1,i2,i3,i4,i5,i6,i7,i8,i9,i10,i11,i12] = z;
                              }
                            }
                          }
                        }
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
      return a;
    }
    public static T[,,,,,,,,,,,,,] InitNewArray14<T>(T z, BigInteger size0, BigInteger size1, BigInteger size2, BigInteger size3, BigInteger size4, BigInteger size5, BigInteger size6, BigInteger size7, BigInteger size8, BigInteger size9, BigInteger size10, BigInteger size11, BigInteger size12, BigInteger size13) {
      int s0 = (int)size0;
      int s1 = (int)size1;
      int s2 = (int)size2;
      int s3 = (int)size3;
      int s4 = (int)size4;
      int s5 = (int)size5;
      int s6 = (int)size6;
      int s7 = (int)size7;
      int s8 = (int)size8;
      int s9 = (int)size9;
      int s10 = (int)size10;
      int s11 = (int)size11;
      int s12 = (int)size12;
      int s13 = (int)size13;
      T[,,,,,,,,,,,,,] a = new T[s0,s1,s2,s3,s4,s5,s6,s7,s8,s9,s10,s11,s12,s13];
      for (int i0 = 0; i0 < s0; i0++) {
        for (int i1 = 0; i1 < s1; i1++) {
          for (int i2 = 0; i2 < s2; i2++) {
            for (int i3 = 0; i3 < s3; i3++) {
              for (int i4 = 0; i4 < s4; i4++) {
                for (int i5 = 0; i5 < s5; i5++) {
                  for (int i6 = 0; i6 < s6; i6++) {
                    for (int i7 = 0; i7 < s7; i7++) {
                      for (int i8 = 0; i8 < s8; i8++) {
                        for (int i9 = 0; i9 < s9; i9++) {
                          for (int i10 = 0; i10 < s10; i10++) {
                            for (int i11 = 0; i11 < s11; i11++) {
                              for (int i12 = 0; i12 < s12; i12++) {
                                for (int i13 = 0; i13 < s13; i13++) {
                                  a[i0,i1,i2,i3,i4,i5,i6,i7,i8,i9,i10,i11,i12,i13] = z;
                                }
                              }
                            }
                          }
                        }
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
      return a;
    }
    public static T[,,,,,,,,,,,,,,] InitNewArray15<T>(T z, BigInteger size0, BigInteger size1, BigInteger size2, BigInteger size3, BigInteger size4, BigInteger size5, BigInteger size6, BigInteger size7, BigInteger size8, BigInteger size9, BigInteger size10, BigInteger size11, BigInteger size12, BigInteger size13, BigInteger size14) {
      int s0 = (int)size0;
      int s1 = (int)size1;
      int s2 = (int)size2;
      int s3 = (int)size3;
      int s4 = (int)size4;
      int s5 = (int)size5;
      int s6 = (int)size6;
      int s7 = (int)size7;
      int s8 = (int)size8;
      int s9 = (int)size9;
      int s10 = (int)size10;
      int s11 = (int)size11;
      int s12 = (int)size12;
      int s13 = (int)size13;
      int s14 = (int)size14;
      T[,,,,,,,,,,,,,,] a = new T[s0,s1,s2,s3,s4,s5,s6,s7,s8,s9,s10,s11,s12,s13,s14];
      for (int i0 = 0; i0 < s0; i0++) {
        for (int i1 = 0; i1 < s1; i1++) {
          for (int i2 = 0; i2 < s2; i2++) {
            for (int i3 = 0; i3 < s3; i3++) {
              for (int i4 = 0; i4 < s4; i4++) {
                for (int i5 = 0; i5 < s5; i5++) {
                  for (int i6 = 0; i6 < s6; i6++) {
                    for (int i7 = 0; i7 < s7; i7++) {
                      for (int i8 = 0; i8 < s8; i8++) {
                        for (int i9 = 0; i9 < s9; i9++) {
                          for (int i10 = 0; i10 < s10; i10++) {
                            for (int i11 = 0; i11 < s11; i11++) {
                              for (int i12 = 0; i12 < s12; i12++) {
                                for (int i13 = 0; i13 < s13; i13++) {
                                  for (int i14 = 0; i14 < s14; i14++) {
                                    a[i0,i1,i2,i3,i4,i5,i6,i7,i8,i9,i10,i11,i12,i13,i14] = z;
                                  }
                                }
                              }
                            }
                          }
                        }
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
      return a;
    }
    public static T[,,,,,,,,,,,,,,,] InitNewArray16<T>(T z, BigInteger size0, BigInteger size1, BigInteger size2, BigInteger size3, BigInteger size4, BigInteger size5, BigInteger size6, BigInteger size7, BigInteger size8, BigInteger size9, BigInteger size10, BigInteger size11, BigInteger size12, BigInteger size13, BigInteger size14, BigInteger size15) {
      int s0 = (int)size0;
      int s1 = (int)size1;
      int s2 = (int)size2;
      int s3 = (int)size3;
      int s4 = (int)size4;
      int s5 = (int)size5;
      int s6 = (int)size6;
      int s7 = (int)size7;
      int s8 = (int)size8;
      int s9 = (int)size9;
      int s10 = (int)size10;
      int s11 = (int)size11;
      int s12 = (int)size12;
      int s13 = (int)size13;
      int s14 = (int)size14;
      int s15 = (int)size15;
      T[,,,,,,,,,,,,,,,] a = new T[s0,s1,s2,s3,s4,s5,s6,s7,s8,s9,s10,s11,s12,s13,s14,s15];
      for (int i0 = 0; i0 < s0; i0++) {
        for (int i1 = 0; i1 < s1; i1++) {
          for (int i2 = 0; i2 < s2; i2++) {
            for (int i3 = 0; i3 < s3; i3++) {
              for (int i4 = 0; i4 < s4; i4++) {
                for (int i5 = 0; i5 < s5; i5++) {
                  for (int i6 = 0; i6 < s6; i6++) {
                    for (int i7 = 0; i7 < s7; i7++) {
                      for (int i8 = 0; i8 < s8; i8++) {
                        for (int i9 = 0; i9 < s9; i9++) {
                          for (int i10 = 0; i10 < s10; i10++) {
                            for (int i11 = 0; i11 < s11; i11++) {
                              for (int i12 = 0; i12 < s12; i12++) {
                                for (int i13 = 0; i13 < s13; i13++) {
                                  for (int i14 = 0; i14 < s14; i14++) {
                                    for (int i15 = 0; i15 < s15; i15++) {
                                      a[i0,i1,i2,i3,i4,i5,i6,i7,i8,i9,i10,i11,i12,i13,i14,i15] = z;
                                    }
                                  }
                                }
                              }
                            }
                          }
                        }
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
      return a;
    }
  }
} // end of namespace Dafny
internal static class FuncExtensions {
  public static Func<UResult> DowncastClone<TResult, UResult>(this Func<TResult> F, Func<TResult, UResult> ResConv) {
    return () => ResConv(F());
  }
  public static Func<U, UResult> DowncastClone<T, TResult, U, UResult>(this Func<T, TResult> F, Func<U, T> ArgConv, Func<TResult, UResult> ResConv) {
    return arg => ResConv(F(ArgConv(arg)));
  }
  public static Func<U1, U2, UResult> DowncastClone<T1, T2, TResult, U1, U2, UResult>(this Func<T1, T2, TResult> F, Func<U1, T1> ArgConv1, Func<U2, T2> ArgConv2, Func<TResult, UResult> ResConv) {
    return (arg1, arg2) => ResConv(F(ArgConv1(arg1), ArgConv2(arg2)));
  }
  public static Func<U1, U2, U3, UResult> DowncastClone<T1, T2, T3, TResult, U1, U2, U3, UResult>(this Func<T1, T2, T3, TResult> F, Func<U1, T1> ArgConv1, Func<U2, T2> ArgConv2, Func<U3, T3> ArgConv3, Func<TResult, UResult> ResConv) {
    return (arg1, arg2, arg3) => ResConv(F(ArgConv1(arg1), ArgConv2(arg2), ArgConv3(arg3)));
  }
  public static Func<U1, U2, U3, U4, UResult> DowncastClone<T1, T2, T3, T4, TResult, U1, U2, U3, U4, UResult>(this Func<T1, T2, T3, T4, TResult> F, Func<U1, T1> ArgConv1, Func<U2, T2> ArgConv2, Func<U3, T3> ArgConv3, Func<U4, T4> ArgConv4, Func<TResult, UResult> ResConv) {
    return (arg1, arg2, arg3, arg4) => ResConv(F(ArgConv1(arg1), ArgConv2(arg2), ArgConv3(arg3), ArgConv4(arg4)));
  }
  public static Func<U1, U2, U3, U4, U5, UResult> DowncastClone<T1, T2, T3, T4, T5, TResult, U1, U2, U3, U4, U5, UResult>(this Func<T1, T2, T3, T4, T5, TResult> F, Func<U1, T1> ArgConv1, Func<U2, T2> ArgConv2, Func<U3, T3> ArgConv3, Func<U4, T4> ArgConv4, Func<U5, T5> ArgConv5, Func<TResult, UResult> ResConv) {
    return (arg1, arg2, arg3, arg4, arg5) => ResConv(F(ArgConv1(arg1), ArgConv2(arg2), ArgConv3(arg3), ArgConv4(arg4), ArgConv5(arg5)));
  }
  public static Func<U1, U2, U3, U4, U5, U6, UResult> DowncastClone<T1, T2, T3, T4, T5, T6, TResult, U1, U2, U3, U4, U5, U6, UResult>(this Func<T1, T2, T3, T4, T5, T6, TResult> F, Func<U1, T1> ArgConv1, Func<U2, T2> ArgConv2, Func<U3, T3> ArgConv3, Func<U4, T4> ArgConv4, Func<U5, T5> ArgConv5, Func<U6, T6> ArgConv6, Func<TResult, UResult> ResConv) {
    return (arg1, arg2, arg3, arg4, arg5, arg6) => ResConv(F(ArgConv1(arg1), ArgConv2(arg2), ArgConv3(arg3), ArgConv4(arg4), ArgConv5(arg5), ArgConv6(arg6)));
  }
  public static Func<U1, U2, U3, U4, U5, U6, U7, UResult> DowncastClone<T1, T2, T3, T4, T5, T6, T7, TResult, U1, U2, U3, U4, U5, U6, U7, UResult>(this Func<T1, T2, T3, T4, T5, T6, T7, TResult> F, Func<U1, T1> ArgConv1, Func<U2, T2> ArgConv2, Func<U3, T3> ArgConv3, Func<U4, T4> ArgConv4, Func<U5, T5> ArgConv5, Func<U6, T6> ArgConv6, Func<U7, T7> ArgConv7, Func<TResult, UResult> ResConv) {
    return (arg1, arg2, arg3, arg4, arg5, arg6, arg7) => ResConv(F(ArgConv1(arg1), ArgConv2(arg2), ArgConv3(arg3), ArgConv4(arg4), ArgConv5(arg5), ArgConv6(arg6), ArgConv7(arg7)));
  }
  public static Func<U1, U2, U3, U4, U5, U6, U7, U8, UResult> DowncastClone<T1, T2, T3, T4, T5, T6, T7, T8, TResult, U1, U2, U3, U4, U5, U6, U7, U8, UResult>(this Func<T1, T2, T3, T4, T5, T6, T7, T8, TResult> F, Func<U1, T1> ArgConv1, Func<U2, T2> ArgConv2, Func<U3, T3> ArgConv3, Func<U4, T4> ArgConv4, Func<U5, T5> ArgConv5, Func<U6, T6> ArgConv6, Func<U7, T7> ArgConv7, Func<U8, T8> ArgConv8, Func<TResult, UResult> ResConv) {
    return (arg1, arg2, arg3, arg4, arg5, arg6, arg7, arg8) => ResConv(F(ArgConv1(arg1), ArgConv2(arg2), ArgConv3(arg3), ArgConv4(arg4), ArgConv5(arg5), ArgConv6(arg6), ArgConv7(arg7), ArgConv8(arg8)));
  }
  public static Func<U1, U2, U3, U4, U5, U6, U7, U8, U9, UResult> DowncastClone<T1, T2, T3, T4, T5, T6, T7, T8, T9, TResult, U1, U2, U3, U4, U5, U6, U7, U8, U9, UResult>(this Func<T1, T2, T3, T4, T5, T6, T7, T8, T9, TResult> F, Func<U1, T1> ArgConv1, Func<U2, T2> ArgConv2, Func<U3, T3> ArgConv3, Func<U4, T4> ArgConv4, Func<U5, T5> ArgConv5, Func<U6, T6> ArgConv6, Func<U7, T7> ArgConv7, Func<U8, T8> ArgConv8, Func<U9, T9> ArgConv9, Func<TResult, UResult> ResConv) {
    return (arg1, arg2, arg3, arg4, arg5, arg6, arg7, arg8, arg9) => ResConv(F(ArgConv1(arg1), ArgConv2(arg2), ArgConv3(arg3), ArgConv4(arg4), ArgConv5(arg5), ArgConv6(arg6), ArgConv7(arg7), ArgConv8(arg8), ArgConv9(arg9)));
  }
  public static Func<U1, U2, U3, U4, U5, U6, U7, U8, U9, U10, UResult> DowncastClone<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, TResult, U1, U2, U3, U4, U5, U6, U7, U8, U9, U10, UResult>(this Func<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, TResult> F, Func<U1, T1> ArgConv1, Func<U2, T2> ArgConv2, Func<U3, T3> ArgConv3, Func<U4, T4> ArgConv4, Func<U5, T5> ArgConv5, Func<U6, T6> ArgConv6, Func<U7, T7> ArgConv7, Func<U8, T8> ArgConv8, Func<U9, T9> ArgConv9, Func<U10, T10> ArgConv10, Func<TResult, UResult> ResConv) {
    return (arg1, arg2, arg3, arg4, arg5, arg6, arg7, arg8, arg9, arg10) => ResConv(F(ArgConv1(arg1), ArgConv2(arg2), ArgConv3(arg3), ArgConv4(arg4), ArgConv5(arg5), ArgConv6(arg6), ArgConv7(arg7), ArgConv8(arg8), ArgConv9(arg9), ArgConv10(arg10)));
  }
  public static Func<U1, U2, U3, U4, U5, U6, U7, U8, U9, U10, U11, UResult> DowncastClone<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, TResult, U1, U2, U3, U4, U5, U6, U7, U8, U9, U10, U11, UResult>(this Func<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, TResult> F, Func<U1, T1> ArgConv1, Func<U2, T2> ArgConv2, Func<U3, T3> ArgConv3, Func<U4, T4> ArgConv4, Func<U5, T5> ArgConv5, Func<U6, T6> ArgConv6, Func<U7, T7> ArgConv7, Func<U8, T8> ArgConv8, Func<U9, T9> ArgConv9, Func<U10, T10> ArgConv10, Func<U11, T11> ArgConv11, Func<TResult, UResult> ResConv) {
    return (arg1, arg2, arg3, arg4, arg5, arg6, arg7, arg8, arg9, arg10, arg11) => ResConv(F(ArgConv1(arg1), ArgConv2(arg2), ArgConv3(arg3), ArgConv4(arg4), ArgConv5(arg5), ArgConv6(arg6), ArgConv7(arg7), ArgConv8(arg8), ArgConv9(arg9), ArgConv10(arg10), ArgConv11(arg11)));
  }
  public static Func<U1, U2, U3, U4, U5, U6, U7, U8, U9, U10, U11, U12, UResult> DowncastClone<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, TResult, U1, U2, U3, U4, U5, U6, U7, U8, U9, U10, U11, U12, UResult>(this Func<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, TResult> F, Func<U1, T1> ArgConv1, Func<U2, T2> ArgConv2, Func<U3, T3> ArgConv3, Func<U4, T4> ArgConv4, Func<U5, T5> ArgConv5, Func<U6, T6> ArgConv6, Func<U7, T7> ArgConv7, Func<U8, T8> ArgConv8, Func<U9, T9> ArgConv9, Func<U10, T10> ArgConv10, Func<U11, T11> ArgConv11, Func<U12, T12> ArgConv12, Func<TResult, UResult> ResConv) {
    return (arg1, arg2, arg3, arg4, arg5, arg6, arg7, arg8, arg9, arg10, arg11, arg12) => ResConv(F(ArgConv1(arg1), ArgConv2(arg2), ArgConv3(arg3), ArgConv4(arg4), ArgConv5(arg5), ArgConv6(arg6), ArgConv7(arg7), ArgConv8(arg8), ArgConv9(arg9), ArgConv10(arg10), ArgConv11(arg11), ArgConv12(arg12)));
  }
  public static Func<U1, U2, U3, U4, U5, U6, U7, U8, U9, U10, U11, U12, U13, UResult> DowncastClone<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, TResult, U1, U2, U3, U4, U5, U6, U7, U8, U9, U10, U11, U12, U13, UResult>(this Func<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, TResult> F, Func<U1, T1> ArgConv1, Func<U2, T2> ArgConv2, Func<U3, T3> ArgConv3, Func<U4, T4> ArgConv4, Func<U5, T5> ArgConv5, Func<U6, T6> ArgConv6, Func<U7, T7> ArgConv7, Func<U8, T8> ArgConv8, Func<U9, T9> ArgConv9, Func<U10, T10> ArgConv10, Func<U11, T11> ArgConv11, Func<U12, T12> ArgConv12, Func<U13, T13> ArgConv13, Func<TResult, UResult> ResConv) {
    return (arg1, arg2, arg3, arg4, arg5, arg6, arg7, arg8, arg9, arg10, arg11, arg12, arg13) => ResConv(F(ArgConv1(arg1), ArgConv2(arg2), ArgConv3(arg3), ArgConv4(arg4), ArgConv5(arg5), ArgConv6(arg6), ArgConv7(arg7), ArgConv8(arg8), ArgConv9(arg9), ArgConv10(arg10), ArgConv11(arg11), ArgConv12(arg12), ArgConv13(arg13)));
  }
  public static Func<U1, U2, U3, U4, U5, U6, U7, U8, U9, U10, U11, U12, U13, U14, UResult> DowncastClone<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, TResult, U1, U2, U3, U4, U5, U6, U7, U8, U9, U10, U11, U12, U13, U14, UResult>(this Func<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, TResult> F, Func<U1, T1> ArgConv1, Func<U2, T2> ArgConv2, Func<U3, T3> ArgConv3, Func<U4, T4> ArgConv4, Func<U5, T5> ArgConv5, Func<U6, T6> ArgConv6, Func<U7, T7> ArgConv7, Func<U8, T8> ArgConv8, Func<U9, T9> ArgConv9, Func<U10, T10> ArgConv10, Func<U11, T11> ArgConv11, Func<U12, T12> ArgConv12, Func<U13, T13> ArgConv13, Func<U14, T14> ArgConv14, Func<TResult, UResult> ResConv) {
    return (arg1, arg2, arg3, arg4, arg5, arg6, arg7, arg8, arg9, arg10, arg11, arg12, arg13, arg14) => ResConv(F(ArgConv1(arg1), ArgConv2(arg2), ArgConv3(arg3), ArgConv4(arg4), ArgConv5(arg5), ArgConv6(arg6), ArgConv7(arg7), ArgConv8(arg8), ArgConv9(arg9), ArgConv10(arg10), ArgConv11(arg11), ArgConv12(arg12), ArgConv13(arg13), ArgConv14(arg14)));
  }
  public static Func<U1, U2, U3, U4, U5, U6, U7, U8, U9, U10, U11, U12, U13, U14, U15, UResult> DowncastClone<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15, TResult, U1, U2, U3, U4, U5, U6, U7, U8, U9, U10, U11, U12, U13, U14, U15, UResult>(this Func<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15, TResult> F, Func<U1, T1> ArgConv1, Func<U2, T2> ArgConv2, Func<U3, T3> ArgConv3, Func<U4, T4> ArgConv4, Func<U5, T5> ArgConv5, Func<U6, T6> ArgConv6, Func<U7, T7> ArgConv7, Func<U8, T8> ArgConv8, Func<U9, T9> ArgConv9, Func<U10, T10> ArgConv10, Func<U11, T11> ArgConv11, Func<U12, T12> ArgConv12, Func<U13, T13> ArgConv13, Func<U14, T14> ArgConv14, Func<U15, T15> ArgConv15, Func<TResult, UResult> ResConv) {
    return (arg1, arg2, arg3, arg4, arg5, arg6, arg7, arg8, arg9, arg10, arg11, arg12, arg13, arg14, arg15) => ResConv(F(ArgConv1(arg1), ArgConv2(arg2), ArgConv3(arg3), ArgConv4(arg4), ArgConv5(arg5), ArgConv6(arg6), ArgConv7(arg7), ArgConv8(arg8), ArgConv9(arg9), ArgConv10(arg10), ArgConv11(arg11), ArgConv12(arg12), ArgConv13(arg13), ArgConv14(arg14), ArgConv15(arg15)));
  }
  public static Func<U1, U2, U3, U4, U5, U6, U7, U8, U9, U10, U11, U12, U13, U14, U15, U16, UResult> DowncastClone<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15, T16, TResult, U1, U2, U3, U4, U5, U6, U7, U8, U9, U10, U11, U12, U13, U14, U15, U16, UResult>(this Func<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15, T16, TResult> F, Func<U1, T1> ArgConv1, Func<U2, T2> ArgConv2, Func<U3, T3> ArgConv3, Func<U4, T4> ArgConv4, Func<U5, T5> ArgConv5, Func<U6, T6> ArgConv6, Func<U7, T7> ArgConv7, Func<U8, T8> ArgConv8, Func<U9, T9> ArgConv9, Func<U10, T10> ArgConv10, Func<U11, T11> ArgConv11, Func<U12, T12> ArgConv12, Func<U13, T13> ArgConv13, Func<U14, T14> ArgConv14, Func<U15, T15> ArgConv15, Func<U16, T16> ArgConv16, Func<TResult, UResult> ResConv) {
    return (arg1, arg2, arg3, arg4, arg5, arg6, arg7, arg8, arg9, arg10, arg11, arg12, arg13, arg14, arg15, arg16) => ResConv(F(ArgConv1(arg1), ArgConv2(arg2), ArgConv3(arg3), ArgConv4(arg4), ArgConv5(arg5), ArgConv6(arg6), ArgConv7(arg7), ArgConv8(arg8), ArgConv9(arg9), ArgConv10(arg10), ArgConv11(arg11), ArgConv12(arg12), ArgConv13(arg13), ArgConv14(arg14), ArgConv15(arg15), ArgConv16(arg16)));
  }
}
// end of class FuncExtensions
#endif
namespace _System {

  public partial class nat {
    private static readonly Dafny.TypeDescriptor<BigInteger> _TYPE = new Dafny.TypeDescriptor<BigInteger>(BigInteger.Zero);
    public static Dafny.TypeDescriptor<BigInteger> _TypeDescriptor() {
      return _TYPE;
    }
    public static bool _Is(BigInteger __source) {
      BigInteger _0_x = __source;
      return (_0_x).Sign != -1;
    }
  }

  public interface _ITuple2<out T0, out T1> {
    T0 dtor__0 { get; }
    T1 dtor__1 { get; }
    _ITuple2<__T0, __T1> DowncastClone<__T0, __T1>(Func<T0, __T0> converter0, Func<T1, __T1> converter1);
  }
  public class Tuple2<T0, T1> : _ITuple2<T0, T1> {
    public readonly T0 __0;
    public readonly T1 __1;
    public Tuple2(T0 _0, T1 _1) {
      this.__0 = _0;
      this.__1 = _1;
    }
    public _ITuple2<__T0, __T1> DowncastClone<__T0, __T1>(Func<T0, __T0> converter0, Func<T1, __T1> converter1) {
      if (this is _ITuple2<__T0, __T1> dt) { return dt; }
      return new Tuple2<__T0, __T1>(converter0(__0), converter1(__1));
    }
    public override bool Equals(object other) {
      var oth = other as _System.Tuple2<T0, T1>;
      return oth != null && object.Equals(this.__0, oth.__0) && object.Equals(this.__1, oth.__1);
    }
    public override int GetHashCode() {
      ulong hash = 5381;
      hash = ((hash << 5) + hash) + 0;
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__0));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__1));
      return (int) hash;
    }
    public override string ToString() {
      string s = "";
      s += "(";
      s += Dafny.Helpers.ToString(this.__0);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__1);
      s += ")";
      return s;
    }
    public static _System._ITuple2<T0, T1> Default(T0 _default_T0, T1 _default_T1) {
      return create(_default_T0, _default_T1);
    }
    public static Dafny.TypeDescriptor<_System._ITuple2<T0, T1>> _TypeDescriptor(Dafny.TypeDescriptor<T0> _td_T0, Dafny.TypeDescriptor<T1> _td_T1) {
      return new Dafny.TypeDescriptor<_System._ITuple2<T0, T1>>(_System.Tuple2<T0, T1>.Default(_td_T0.Default(), _td_T1.Default()));
    }
    public static _ITuple2<T0, T1> create(T0 _0, T1 _1) {
      return new Tuple2<T0, T1>(_0, _1);
    }
    public static _ITuple2<T0, T1> create____hMake2(T0 _0, T1 _1) {
      return create(_0, _1);
    }
    public T0 dtor__0 {
      get {
        return this.__0;
      }
    }
    public T1 dtor__1 {
      get {
        return this.__1;
      }
    }
  }

  public interface _ITuple0 {
    _ITuple0 DowncastClone();
  }
  public class Tuple0 : _ITuple0 {
    public Tuple0() {
    }
    public _ITuple0 DowncastClone() {
      if (this is _ITuple0 dt) { return dt; }
      return new Tuple0();
    }
    public override bool Equals(object other) {
      var oth = other as _System.Tuple0;
      return oth != null;
    }
    public override int GetHashCode() {
      ulong hash = 5381;
      hash = ((hash << 5) + hash) + 0;
      return (int) hash;
    }
    public override string ToString() {
      return "()";
    }
    private static readonly _System._ITuple0 theDefault = create();
    public static _System._ITuple0 Default() {
      return theDefault;
    }
    private static readonly Dafny.TypeDescriptor<_System._ITuple0> _TYPE = new Dafny.TypeDescriptor<_System._ITuple0>(_System.Tuple0.Default());
    public static Dafny.TypeDescriptor<_System._ITuple0> _TypeDescriptor() {
      return _TYPE;
    }
    public static _ITuple0 create() {
      return new Tuple0();
    }
    public static _ITuple0 create____hMake0() {
      return create();
    }
    public static System.Collections.Generic.IEnumerable<_ITuple0> AllSingletonConstructors {
      get {
        yield return Tuple0.create();
      }
    }
  }

  public interface _ITuple1<out T0> {
    T0 dtor__0 { get; }
    _ITuple1<__T0> DowncastClone<__T0>(Func<T0, __T0> converter0);
  }
  public class Tuple1<T0> : _ITuple1<T0> {
    public readonly T0 __0;
    public Tuple1(T0 _0) {
      this.__0 = _0;
    }
    public _ITuple1<__T0> DowncastClone<__T0>(Func<T0, __T0> converter0) {
      if (this is _ITuple1<__T0> dt) { return dt; }
      return new Tuple1<__T0>(converter0(__0));
    }
    public override bool Equals(object other) {
      var oth = other as _System.Tuple1<T0>;
      return oth != null && object.Equals(this.__0, oth.__0);
    }
    public override int GetHashCode() {
      ulong hash = 5381;
      hash = ((hash << 5) + hash) + 0;
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__0));
      return (int) hash;
    }
    public override string ToString() {
      string s = "";
      s += "(";
      s += Dafny.Helpers.ToString(this.__0);
      s += ")";
      return s;
    }
    public static _System._ITuple1<T0> Default(T0 _default_T0) {
      return create(_default_T0);
    }
    public static Dafny.TypeDescriptor<_System._ITuple1<T0>> _TypeDescriptor(Dafny.TypeDescriptor<T0> _td_T0) {
      return new Dafny.TypeDescriptor<_System._ITuple1<T0>>(_System.Tuple1<T0>.Default(_td_T0.Default()));
    }
    public static _ITuple1<T0> create(T0 _0) {
      return new Tuple1<T0>(_0);
    }
    public static _ITuple1<T0> create____hMake1(T0 _0) {
      return create(_0);
    }
    public T0 dtor__0 {
      get {
        return this.__0;
      }
    }
  }

  public interface _ITuple3<out T0, out T1, out T2> {
    T0 dtor__0 { get; }
    T1 dtor__1 { get; }
    T2 dtor__2 { get; }
    _ITuple3<__T0, __T1, __T2> DowncastClone<__T0, __T1, __T2>(Func<T0, __T0> converter0, Func<T1, __T1> converter1, Func<T2, __T2> converter2);
  }
  public class Tuple3<T0, T1, T2> : _ITuple3<T0, T1, T2> {
    public readonly T0 __0;
    public readonly T1 __1;
    public readonly T2 __2;
    public Tuple3(T0 _0, T1 _1, T2 _2) {
      this.__0 = _0;
      this.__1 = _1;
      this.__2 = _2;
    }
    public _ITuple3<__T0, __T1, __T2> DowncastClone<__T0, __T1, __T2>(Func<T0, __T0> converter0, Func<T1, __T1> converter1, Func<T2, __T2> converter2) {
      if (this is _ITuple3<__T0, __T1, __T2> dt) { return dt; }
      return new Tuple3<__T0, __T1, __T2>(converter0(__0), converter1(__1), converter2(__2));
    }
    public override bool Equals(object other) {
      var oth = other as _System.Tuple3<T0, T1, T2>;
      return oth != null && object.Equals(this.__0, oth.__0) && object.Equals(this.__1, oth.__1) && object.Equals(this.__2, oth.__2);
    }
    public override int GetHashCode() {
      ulong hash = 5381;
      hash = ((hash << 5) + hash) + 0;
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__0));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__1));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__2));
      return (int) hash;
    }
    public override string ToString() {
      string s = "";
      s += "(";
      s += Dafny.Helpers.ToString(this.__0);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__1);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__2);
      s += ")";
      return s;
    }
    public static _System._ITuple3<T0, T1, T2> Default(T0 _default_T0, T1 _default_T1, T2 _default_T2) {
      return create(_default_T0, _default_T1, _default_T2);
    }
    public static Dafny.TypeDescriptor<_System._ITuple3<T0, T1, T2>> _TypeDescriptor(Dafny.TypeDescriptor<T0> _td_T0, Dafny.TypeDescriptor<T1> _td_T1, Dafny.TypeDescriptor<T2> _td_T2) {
      return new Dafny.TypeDescriptor<_System._ITuple3<T0, T1, T2>>(_System.Tuple3<T0, T1, T2>.Default(_td_T0.Default(), _td_T1.Default(), _td_T2.Default()));
    }
    public static _ITuple3<T0, T1, T2> create(T0 _0, T1 _1, T2 _2) {
      return new Tuple3<T0, T1, T2>(_0, _1, _2);
    }
    public static _ITuple3<T0, T1, T2> create____hMake3(T0 _0, T1 _1, T2 _2) {
      return create(_0, _1, _2);
    }
    public T0 dtor__0 {
      get {
        return this.__0;
      }
    }
    public T1 dtor__1 {
      get {
        return this.__1;
      }
    }
    public T2 dtor__2 {
      get {
        return this.__2;
      }
    }
  }

  public interface _ITuple4<out T0, out T1, out T2, out T3> {
    T0 dtor__0 { get; }
    T1 dtor__1 { get; }
    T2 dtor__2 { get; }
    T3 dtor__3 { get; }
    _ITuple4<__T0, __T1, __T2, __T3> DowncastClone<__T0, __T1, __T2, __T3>(Func<T0, __T0> converter0, Func<T1, __T1> converter1, Func<T2, __T2> converter2, Func<T3, __T3> converter3);
  }
  public class Tuple4<T0, T1, T2, T3> : _ITuple4<T0, T1, T2, T3> {
    public readonly T0 __0;
    public readonly T1 __1;
    public readonly T2 __2;
    public readonly T3 __3;
    public Tuple4(T0 _0, T1 _1, T2 _2, T3 _3) {
      this.__0 = _0;
      this.__1 = _1;
      this.__2 = _2;
      this.__3 = _3;
    }
    public _ITuple4<__T0, __T1, __T2, __T3> DowncastClone<__T0, __T1, __T2, __T3>(Func<T0, __T0> converter0, Func<T1, __T1> converter1, Func<T2, __T2> converter2, Func<T3, __T3> converter3) {
      if (this is _ITuple4<__T0, __T1, __T2, __T3> dt) { return dt; }
      return new Tuple4<__T0, __T1, __T2, __T3>(converter0(__0), converter1(__1), converter2(__2), converter3(__3));
    }
    public override bool Equals(object other) {
      var oth = other as _System.Tuple4<T0, T1, T2, T3>;
      return oth != null && object.Equals(this.__0, oth.__0) && object.Equals(this.__1, oth.__1) && object.Equals(this.__2, oth.__2) && object.Equals(this.__3, oth.__3);
    }
    public override int GetHashCode() {
      ulong hash = 5381;
      hash = ((hash << 5) + hash) + 0;
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__0));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__1));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__2));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__3));
      return (int) hash;
    }
    public override string ToString() {
      string s = "";
      s += "(";
      s += Dafny.Helpers.ToString(this.__0);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__1);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__2);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__3);
      s += ")";
      return s;
    }
    public static _System._ITuple4<T0, T1, T2, T3> Default(T0 _default_T0, T1 _default_T1, T2 _default_T2, T3 _default_T3) {
      return create(_default_T0, _default_T1, _default_T2, _default_T3);
    }
    public static Dafny.TypeDescriptor<_System._ITuple4<T0, T1, T2, T3>> _TypeDescriptor(Dafny.TypeDescriptor<T0> _td_T0, Dafny.TypeDescriptor<T1> _td_T1, Dafny.TypeDescriptor<T2> _td_T2, Dafny.TypeDescriptor<T3> _td_T3) {
      return new Dafny.TypeDescriptor<_System._ITuple4<T0, T1, T2, T3>>(_System.Tuple4<T0, T1, T2, T3>.Default(_td_T0.Default(), _td_T1.Default(), _td_T2.Default(), _td_T3.Default()));
    }
    public static _ITuple4<T0, T1, T2, T3> create(T0 _0, T1 _1, T2 _2, T3 _3) {
      return new Tuple4<T0, T1, T2, T3>(_0, _1, _2, _3);
    }
    public static _ITuple4<T0, T1, T2, T3> create____hMake4(T0 _0, T1 _1, T2 _2, T3 _3) {
      return create(_0, _1, _2, _3);
    }
    public T0 dtor__0 {
      get {
        return this.__0;
      }
    }
    public T1 dtor__1 {
      get {
        return this.__1;
      }
    }
    public T2 dtor__2 {
      get {
        return this.__2;
      }
    }
    public T3 dtor__3 {
      get {
        return this.__3;
      }
    }
  }

  public interface _ITuple5<out T0, out T1, out T2, out T3, out T4> {
    T0 dtor__0 { get; }
    T1 dtor__1 { get; }
    T2 dtor__2 { get; }
    T3 dtor__3 { get; }
    T4 dtor__4 { get; }
    _ITuple5<__T0, __T1, __T2, __T3, __T4> DowncastClone<__T0, __T1, __T2, __T3, __T4>(Func<T0, __T0> converter0, Func<T1, __T1> converter1, Func<T2, __T2> converter2, Func<T3, __T3> converter3, Func<T4, __T4> converter4);
  }
  public class Tuple5<T0, T1, T2, T3, T4> : _ITuple5<T0, T1, T2, T3, T4> {
    public readonly T0 __0;
    public readonly T1 __1;
    public readonly T2 __2;
    public readonly T3 __3;
    public readonly T4 __4;
    public Tuple5(T0 _0, T1 _1, T2 _2, T3 _3, T4 _4) {
      this.__0 = _0;
      this.__1 = _1;
      this.__2 = _2;
      this.__3 = _3;
      this.__4 = _4;
    }
    public _ITuple5<__T0, __T1, __T2, __T3, __T4> DowncastClone<__T0, __T1, __T2, __T3, __T4>(Func<T0, __T0> converter0, Func<T1, __T1> converter1, Func<T2, __T2> converter2, Func<T3, __T3> converter3, Func<T4, __T4> converter4) {
      if (this is _ITuple5<__T0, __T1, __T2, __T3, __T4> dt) { return dt; }
      return new Tuple5<__T0, __T1, __T2, __T3, __T4>(converter0(__0), converter1(__1), converter2(__2), converter3(__3), converter4(__4));
    }
    public override bool Equals(object other) {
      var oth = other as _System.Tuple5<T0, T1, T2, T3, T4>;
      return oth != null && object.Equals(this.__0, oth.__0) && object.Equals(this.__1, oth.__1) && object.Equals(this.__2, oth.__2) && object.Equals(this.__3, oth.__3) && object.Equals(this.__4, oth.__4);
    }
    public override int GetHashCode() {
      ulong hash = 5381;
      hash = ((hash << 5) + hash) + 0;
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__0));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__1));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__2));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__3));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__4));
      return (int) hash;
    }
    public override string ToString() {
      string s = "";
      s += "(";
      s += Dafny.Helpers.ToString(this.__0);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__1);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__2);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__3);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__4);
      s += ")";
      return s;
    }
    public static _System._ITuple5<T0, T1, T2, T3, T4> Default(T0 _default_T0, T1 _default_T1, T2 _default_T2, T3 _default_T3, T4 _default_T4) {
      return create(_default_T0, _default_T1, _default_T2, _default_T3, _default_T4);
    }
    public static Dafny.TypeDescriptor<_System._ITuple5<T0, T1, T2, T3, T4>> _TypeDescriptor(Dafny.TypeDescriptor<T0> _td_T0, Dafny.TypeDescriptor<T1> _td_T1, Dafny.TypeDescriptor<T2> _td_T2, Dafny.TypeDescriptor<T3> _td_T3, Dafny.TypeDescriptor<T4> _td_T4) {
      return new Dafny.TypeDescriptor<_System._ITuple5<T0, T1, T2, T3, T4>>(_System.Tuple5<T0, T1, T2, T3, T4>.Default(_td_T0.Default(), _td_T1.Default(), _td_T2.Default(), _td_T3.Default(), _td_T4.Default()));
    }
    public static _ITuple5<T0, T1, T2, T3, T4> create(T0 _0, T1 _1, T2 _2, T3 _3, T4 _4) {
      return new Tuple5<T0, T1, T2, T3, T4>(_0, _1, _2, _3, _4);
    }
    public static _ITuple5<T0, T1, T2, T3, T4> create____hMake5(T0 _0, T1 _1, T2 _2, T3 _3, T4 _4) {
      return create(_0, _1, _2, _3, _4);
    }
    public T0 dtor__0 {
      get {
        return this.__0;
      }
    }
    public T1 dtor__1 {
      get {
        return this.__1;
      }
    }
    public T2 dtor__2 {
      get {
        return this.__2;
      }
    }
    public T3 dtor__3 {
      get {
        return this.__3;
      }
    }
    public T4 dtor__4 {
      get {
        return this.__4;
      }
    }
  }

  public interface _ITuple6<out T0, out T1, out T2, out T3, out T4, out T5> {
    T0 dtor__0 { get; }
    T1 dtor__1 { get; }
    T2 dtor__2 { get; }
    T3 dtor__3 { get; }
    T4 dtor__4 { get; }
    T5 dtor__5 { get; }
    _ITuple6<__T0, __T1, __T2, __T3, __T4, __T5> DowncastClone<__T0, __T1, __T2, __T3, __T4, __T5>(Func<T0, __T0> converter0, Func<T1, __T1> converter1, Func<T2, __T2> converter2, Func<T3, __T3> converter3, Func<T4, __T4> converter4, Func<T5, __T5> converter5);
  }
  public class Tuple6<T0, T1, T2, T3, T4, T5> : _ITuple6<T0, T1, T2, T3, T4, T5> {
    public readonly T0 __0;
    public readonly T1 __1;
    public readonly T2 __2;
    public readonly T3 __3;
    public readonly T4 __4;
    public readonly T5 __5;
    public Tuple6(T0 _0, T1 _1, T2 _2, T3 _3, T4 _4, T5 _5) {
      this.__0 = _0;
      this.__1 = _1;
      this.__2 = _2;
      this.__3 = _3;
      this.__4 = _4;
      this.__5 = _5;
    }
    public _ITuple6<__T0, __T1, __T2, __T3, __T4, __T5> DowncastClone<__T0, __T1, __T2, __T3, __T4, __T5>(Func<T0, __T0> converter0, Func<T1, __T1> converter1, Func<T2, __T2> converter2, Func<T3, __T3> converter3, Func<T4, __T4> converter4, Func<T5, __T5> converter5) {
      if (this is _ITuple6<__T0, __T1, __T2, __T3, __T4, __T5> dt) { return dt; }
      return new Tuple6<__T0, __T1, __T2, __T3, __T4, __T5>(converter0(__0), converter1(__1), converter2(__2), converter3(__3), converter4(__4), converter5(__5));
    }
    public override bool Equals(object other) {
      var oth = other as _System.Tuple6<T0, T1, T2, T3, T4, T5>;
      return oth != null && object.Equals(this.__0, oth.__0) && object.Equals(this.__1, oth.__1) && object.Equals(this.__2, oth.__2) && object.Equals(this.__3, oth.__3) && object.Equals(this.__4, oth.__4) && object.Equals(this.__5, oth.__5);
    }
    public override int GetHashCode() {
      ulong hash = 5381;
      hash = ((hash << 5) + hash) + 0;
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__0));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__1));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__2));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__3));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__4));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__5));
      return (int) hash;
    }
    public override string ToString() {
      string s = "";
      s += "(";
      s += Dafny.Helpers.ToString(this.__0);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__1);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__2);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__3);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__4);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__5);
      s += ")";
      return s;
    }
    public static _System._ITuple6<T0, T1, T2, T3, T4, T5> Default(T0 _default_T0, T1 _default_T1, T2 _default_T2, T3 _default_T3, T4 _default_T4, T5 _default_T5) {
      return create(_default_T0, _default_T1, _default_T2, _default_T3, _default_T4, _default_T5);
    }
    public static Dafny.TypeDescriptor<_System._ITuple6<T0, T1, T2, T3, T4, T5>> _TypeDescriptor(Dafny.TypeDescriptor<T0> _td_T0, Dafny.TypeDescriptor<T1> _td_T1, Dafny.TypeDescriptor<T2> _td_T2, Dafny.TypeDescriptor<T3> _td_T3, Dafny.TypeDescriptor<T4> _td_T4, Dafny.TypeDescriptor<T5> _td_T5) {
      return new Dafny.TypeDescriptor<_System._ITuple6<T0, T1, T2, T3, T4, T5>>(_System.Tuple6<T0, T1, T2, T3, T4, T5>.Default(_td_T0.Default(), _td_T1.Default(), _td_T2.Default(), _td_T3.Default(), _td_T4.Default(), _td_T5.Default()));
    }
    public static _ITuple6<T0, T1, T2, T3, T4, T5> create(T0 _0, T1 _1, T2 _2, T3 _3, T4 _4, T5 _5) {
      return new Tuple6<T0, T1, T2, T3, T4, T5>(_0, _1, _2, _3, _4, _5);
    }
    public static _ITuple6<T0, T1, T2, T3, T4, T5> create____hMake6(T0 _0, T1 _1, T2 _2, T3 _3, T4 _4, T5 _5) {
      return create(_0, _1, _2, _3, _4, _5);
    }
    public T0 dtor__0 {
      get {
        return this.__0;
      }
    }
    public T1 dtor__1 {
      get {
        return this.__1;
      }
    }
    public T2 dtor__2 {
      get {
        return this.__2;
      }
    }
    public T3 dtor__3 {
      get {
        return this.__3;
      }
    }
    public T4 dtor__4 {
      get {
        return this.__4;
      }
    }
    public T5 dtor__5 {
      get {
        return this.__5;
      }
    }
  }

  public interface _ITuple7<out T0, out T1, out T2, out T3, out T4, out T5, out T6> {
    T0 dtor__0 { get; }
    T1 dtor__1 { get; }
    T2 dtor__2 { get; }
    T3 dtor__3 { get; }
    T4 dtor__4 { get; }
    T5 dtor__5 { get; }
    T6 dtor__6 { get; }
    _ITuple7<__T0, __T1, __T2, __T3, __T4, __T5, __T6> DowncastClone<__T0, __T1, __T2, __T3, __T4, __T5, __T6>(Func<T0, __T0> converter0, Func<T1, __T1> converter1, Func<T2, __T2> converter2, Func<T3, __T3> converter3, Func<T4, __T4> converter4, Func<T5, __T5> converter5, Func<T6, __T6> converter6);
  }
  public class Tuple7<T0, T1, T2, T3, T4, T5, T6> : _ITuple7<T0, T1, T2, T3, T4, T5, T6> {
    public readonly T0 __0;
    public readonly T1 __1;
    public readonly T2 __2;
    public readonly T3 __3;
    public readonly T4 __4;
    public readonly T5 __5;
    public readonly T6 __6;
    public Tuple7(T0 _0, T1 _1, T2 _2, T3 _3, T4 _4, T5 _5, T6 _6) {
      this.__0 = _0;
      this.__1 = _1;
      this.__2 = _2;
      this.__3 = _3;
      this.__4 = _4;
      this.__5 = _5;
      this.__6 = _6;
    }
    public _ITuple7<__T0, __T1, __T2, __T3, __T4, __T5, __T6> DowncastClone<__T0, __T1, __T2, __T3, __T4, __T5, __T6>(Func<T0, __T0> converter0, Func<T1, __T1> converter1, Func<T2, __T2> converter2, Func<T3, __T3> converter3, Func<T4, __T4> converter4, Func<T5, __T5> converter5, Func<T6, __T6> converter6) {
      if (this is _ITuple7<__T0, __T1, __T2, __T3, __T4, __T5, __T6> dt) { return dt; }
      return new Tuple7<__T0, __T1, __T2, __T3, __T4, __T5, __T6>(converter0(__0), converter1(__1), converter2(__2), converter3(__3), converter4(__4), converter5(__5), converter6(__6));
    }
    public override bool Equals(object other) {
      var oth = other as _System.Tuple7<T0, T1, T2, T3, T4, T5, T6>;
      return oth != null && object.Equals(this.__0, oth.__0) && object.Equals(this.__1, oth.__1) && object.Equals(this.__2, oth.__2) && object.Equals(this.__3, oth.__3) && object.Equals(this.__4, oth.__4) && object.Equals(this.__5, oth.__5) && object.Equals(this.__6, oth.__6);
    }
    public override int GetHashCode() {
      ulong hash = 5381;
      hash = ((hash << 5) + hash) + 0;
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__0));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__1));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__2));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__3));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__4));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__5));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__6));
      return (int) hash;
    }
    public override string ToString() {
      string s = "";
      s += "(";
      s += Dafny.Helpers.ToString(this.__0);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__1);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__2);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__3);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__4);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__5);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__6);
      s += ")";
      return s;
    }
    public static _System._ITuple7<T0, T1, T2, T3, T4, T5, T6> Default(T0 _default_T0, T1 _default_T1, T2 _default_T2, T3 _default_T3, T4 _default_T4, T5 _default_T5, T6 _default_T6) {
      return create(_default_T0, _default_T1, _default_T2, _default_T3, _default_T4, _default_T5, _default_T6);
    }
    public static Dafny.TypeDescriptor<_System._ITuple7<T0, T1, T2, T3, T4, T5, T6>> _TypeDescriptor(Dafny.TypeDescriptor<T0> _td_T0, Dafny.TypeDescriptor<T1> _td_T1, Dafny.TypeDescriptor<T2> _td_T2, Dafny.TypeDescriptor<T3> _td_T3, Dafny.TypeDescriptor<T4> _td_T4, Dafny.TypeDescriptor<T5> _td_T5, Dafny.TypeDescriptor<T6> _td_T6) {
      return new Dafny.TypeDescriptor<_System._ITuple7<T0, T1, T2, T3, T4, T5, T6>>(_System.Tuple7<T0, T1, T2, T3, T4, T5, T6>.Default(_td_T0.Default(), _td_T1.Default(), _td_T2.Default(), _td_T3.Default(), _td_T4.Default(), _td_T5.Default(), _td_T6.Default()));
    }
    public static _ITuple7<T0, T1, T2, T3, T4, T5, T6> create(T0 _0, T1 _1, T2 _2, T3 _3, T4 _4, T5 _5, T6 _6) {
      return new Tuple7<T0, T1, T2, T3, T4, T5, T6>(_0, _1, _2, _3, _4, _5, _6);
    }
    public static _ITuple7<T0, T1, T2, T3, T4, T5, T6> create____hMake7(T0 _0, T1 _1, T2 _2, T3 _3, T4 _4, T5 _5, T6 _6) {
      return create(_0, _1, _2, _3, _4, _5, _6);
    }
    public T0 dtor__0 {
      get {
        return this.__0;
      }
    }
    public T1 dtor__1 {
      get {
        return this.__1;
      }
    }
    public T2 dtor__2 {
      get {
        return this.__2;
      }
    }
    public T3 dtor__3 {
      get {
        return this.__3;
      }
    }
    public T4 dtor__4 {
      get {
        return this.__4;
      }
    }
    public T5 dtor__5 {
      get {
        return this.__5;
      }
    }
    public T6 dtor__6 {
      get {
        return this.__6;
      }
    }
  }

  public interface _ITuple8<out T0, out T1, out T2, out T3, out T4, out T5, out T6, out T7> {
    T0 dtor__0 { get; }
    T1 dtor__1 { get; }
    T2 dtor__2 { get; }
    T3 dtor__3 { get; }
    T4 dtor__4 { get; }
    T5 dtor__5 { get; }
    T6 dtor__6 { get; }
    T7 dtor__7 { get; }
    _ITuple8<__T0, __T1, __T2, __T3, __T4, __T5, __T6, __T7> DowncastClone<__T0, __T1, __T2, __T3, __T4, __T5, __T6, __T7>(Func<T0, __T0> converter0, Func<T1, __T1> converter1, Func<T2, __T2> converter2, Func<T3, __T3> converter3, Func<T4, __T4> converter4, Func<T5, __T5> converter5, Func<T6, __T6> converter6, Func<T7, __T7> converter7);
  }
  public class Tuple8<T0, T1, T2, T3, T4, T5, T6, T7> : _ITuple8<T0, T1, T2, T3, T4, T5, T6, T7> {
    public readonly T0 __0;
    public readonly T1 __1;
    public readonly T2 __2;
    public readonly T3 __3;
    public readonly T4 __4;
    public readonly T5 __5;
    public readonly T6 __6;
    public readonly T7 __7;
    public Tuple8(T0 _0, T1 _1, T2 _2, T3 _3, T4 _4, T5 _5, T6 _6, T7 _7) {
      this.__0 = _0;
      this.__1 = _1;
      this.__2 = _2;
      this.__3 = _3;
      this.__4 = _4;
      this.__5 = _5;
      this.__6 = _6;
      this.__7 = _7;
    }
    public _ITuple8<__T0, __T1, __T2, __T3, __T4, __T5, __T6, __T7> DowncastClone<__T0, __T1, __T2, __T3, __T4, __T5, __T6, __T7>(Func<T0, __T0> converter0, Func<T1, __T1> converter1, Func<T2, __T2> converter2, Func<T3, __T3> converter3, Func<T4, __T4> converter4, Func<T5, __T5> converter5, Func<T6, __T6> converter6, Func<T7, __T7> converter7) {
      if (this is _ITuple8<__T0, __T1, __T2, __T3, __T4, __T5, __T6, __T7> dt) { return dt; }
      return new Tuple8<__T0, __T1, __T2, __T3, __T4, __T5, __T6, __T7>(converter0(__0), converter1(__1), converter2(__2), converter3(__3), converter4(__4), converter5(__5), converter6(__6), converter7(__7));
    }
    public override bool Equals(object other) {
      var oth = other as _System.Tuple8<T0, T1, T2, T3, T4, T5, T6, T7>;
      return oth != null && object.Equals(this.__0, oth.__0) && object.Equals(this.__1, oth.__1) && object.Equals(this.__2, oth.__2) && object.Equals(this.__3, oth.__3) && object.Equals(this.__4, oth.__4) && object.Equals(this.__5, oth.__5) && object.Equals(this.__6, oth.__6) && object.Equals(this.__7, oth.__7);
    }
    public override int GetHashCode() {
      ulong hash = 5381;
      hash = ((hash << 5) + hash) + 0;
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__0));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__1));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__2));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__3));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__4));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__5));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__6));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__7));
      return (int) hash;
    }
    public override string ToString() {
      string s = "";
      s += "(";
      s += Dafny.Helpers.ToString(this.__0);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__1);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__2);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__3);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__4);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__5);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__6);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__7);
      s += ")";
      return s;
    }
    public static _System._ITuple8<T0, T1, T2, T3, T4, T5, T6, T7> Default(T0 _default_T0, T1 _default_T1, T2 _default_T2, T3 _default_T3, T4 _default_T4, T5 _default_T5, T6 _default_T6, T7 _default_T7) {
      return create(_default_T0, _default_T1, _default_T2, _default_T3, _default_T4, _default_T5, _default_T6, _default_T7);
    }
    public static Dafny.TypeDescriptor<_System._ITuple8<T0, T1, T2, T3, T4, T5, T6, T7>> _TypeDescriptor(Dafny.TypeDescriptor<T0> _td_T0, Dafny.TypeDescriptor<T1> _td_T1, Dafny.TypeDescriptor<T2> _td_T2, Dafny.TypeDescriptor<T3> _td_T3, Dafny.TypeDescriptor<T4> _td_T4, Dafny.TypeDescriptor<T5> _td_T5, Dafny.TypeDescriptor<T6> _td_T6, Dafny.TypeDescriptor<T7> _td_T7) {
      return new Dafny.TypeDescriptor<_System._ITuple8<T0, T1, T2, T3, T4, T5, T6, T7>>(_System.Tuple8<T0, T1, T2, T3, T4, T5, T6, T7>.Default(_td_T0.Default(), _td_T1.Default(), _td_T2.Default(), _td_T3.Default(), _td_T4.Default(), _td_T5.Default(), _td_T6.Default(), _td_T7.Default()));
    }
    public static _ITuple8<T0, T1, T2, T3, T4, T5, T6, T7> create(T0 _0, T1 _1, T2 _2, T3 _3, T4 _4, T5 _5, T6 _6, T7 _7) {
      return new Tuple8<T0, T1, T2, T3, T4, T5, T6, T7>(_0, _1, _2, _3, _4, _5, _6, _7);
    }
    public static _ITuple8<T0, T1, T2, T3, T4, T5, T6, T7> create____hMake8(T0 _0, T1 _1, T2 _2, T3 _3, T4 _4, T5 _5, T6 _6, T7 _7) {
      return create(_0, _1, _2, _3, _4, _5, _6, _7);
    }
    public T0 dtor__0 {
      get {
        return this.__0;
      }
    }
    public T1 dtor__1 {
      get {
        return this.__1;
      }
    }
    public T2 dtor__2 {
      get {
        return this.__2;
      }
    }
    public T3 dtor__3 {
      get {
        return this.__3;
      }
    }
    public T4 dtor__4 {
      get {
        return this.__4;
      }
    }
    public T5 dtor__5 {
      get {
        return this.__5;
      }
    }
    public T6 dtor__6 {
      get {
        return this.__6;
      }
    }
    public T7 dtor__7 {
      get {
        return this.__7;
      }
    }
  }

  public interface _ITuple9<out T0, out T1, out T2, out T3, out T4, out T5, out T6, out T7, out T8> {
    T0 dtor__0 { get; }
    T1 dtor__1 { get; }
    T2 dtor__2 { get; }
    T3 dtor__3 { get; }
    T4 dtor__4 { get; }
    T5 dtor__5 { get; }
    T6 dtor__6 { get; }
    T7 dtor__7 { get; }
    T8 dtor__8 { get; }
    _ITuple9<__T0, __T1, __T2, __T3, __T4, __T5, __T6, __T7, __T8> DowncastClone<__T0, __T1, __T2, __T3, __T4, __T5, __T6, __T7, __T8>(Func<T0, __T0> converter0, Func<T1, __T1> converter1, Func<T2, __T2> converter2, Func<T3, __T3> converter3, Func<T4, __T4> converter4, Func<T5, __T5> converter5, Func<T6, __T6> converter6, Func<T7, __T7> converter7, Func<T8, __T8> converter8);
  }
  public class Tuple9<T0, T1, T2, T3, T4, T5, T6, T7, T8> : _ITuple9<T0, T1, T2, T3, T4, T5, T6, T7, T8> {
    public readonly T0 __0;
    public readonly T1 __1;
    public readonly T2 __2;
    public readonly T3 __3;
    public readonly T4 __4;
    public readonly T5 __5;
    public readonly T6 __6;
    public readonly T7 __7;
    public readonly T8 __8;
    public Tuple9(T0 _0, T1 _1, T2 _2, T3 _3, T4 _4, T5 _5, T6 _6, T7 _7, T8 _8) {
      this.__0 = _0;
      this.__1 = _1;
      this.__2 = _2;
      this.__3 = _3;
      this.__4 = _4;
      this.__5 = _5;
      this.__6 = _6;
      this.__7 = _7;
      this.__8 = _8;
    }
    public _ITuple9<__T0, __T1, __T2, __T3, __T4, __T5, __T6, __T7, __T8> DowncastClone<__T0, __T1, __T2, __T3, __T4, __T5, __T6, __T7, __T8>(Func<T0, __T0> converter0, Func<T1, __T1> converter1, Func<T2, __T2> converter2, Func<T3, __T3> converter3, Func<T4, __T4> converter4, Func<T5, __T5> converter5, Func<T6, __T6> converter6, Func<T7, __T7> converter7, Func<T8, __T8> converter8) {
      if (this is _ITuple9<__T0, __T1, __T2, __T3, __T4, __T5, __T6, __T7, __T8> dt) { return dt; }
      return new Tuple9<__T0, __T1, __T2, __T3, __T4, __T5, __T6, __T7, __T8>(converter0(__0), converter1(__1), converter2(__2), converter3(__3), converter4(__4), converter5(__5), converter6(__6), converter7(__7), converter8(__8));
    }
    public override bool Equals(object other) {
      var oth = other as _System.Tuple9<T0, T1, T2, T3, T4, T5, T6, T7, T8>;
      return oth != null && object.Equals(this.__0, oth.__0) && object.Equals(this.__1, oth.__1) && object.Equals(this.__2, oth.__2) && object.Equals(this.__3, oth.__3) && object.Equals(this.__4, oth.__4) && object.Equals(this.__5, oth.__5) && object.Equals(this.__6, oth.__6) && object.Equals(this.__7, oth.__7) && object.Equals(this.__8, oth.__8);
    }
    public override int GetHashCode() {
      ulong hash = 5381;
      hash = ((hash << 5) + hash) + 0;
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__0));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__1));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__2));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__3));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__4));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__5));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__6));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__7));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__8));
      return (int) hash;
    }
    public override string ToString() {
      string s = "";
      s += "(";
      s += Dafny.Helpers.ToString(this.__0);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__1);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__2);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__3);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__4);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__5);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__6);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__7);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__8);
      s += ")";
      return s;
    }
    public static _System._ITuple9<T0, T1, T2, T3, T4, T5, T6, T7, T8> Default(T0 _default_T0, T1 _default_T1, T2 _default_T2, T3 _default_T3, T4 _default_T4, T5 _default_T5, T6 _default_T6, T7 _default_T7, T8 _default_T8) {
      return create(_default_T0, _default_T1, _default_T2, _default_T3, _default_T4, _default_T5, _default_T6, _default_T7, _default_T8);
    }
    public static Dafny.TypeDescriptor<_System._ITuple9<T0, T1, T2, T3, T4, T5, T6, T7, T8>> _TypeDescriptor(Dafny.TypeDescriptor<T0> _td_T0, Dafny.TypeDescriptor<T1> _td_T1, Dafny.TypeDescriptor<T2> _td_T2, Dafny.TypeDescriptor<T3> _td_T3, Dafny.TypeDescriptor<T4> _td_T4, Dafny.TypeDescriptor<T5> _td_T5, Dafny.TypeDescriptor<T6> _td_T6, Dafny.TypeDescriptor<T7> _td_T7, Dafny.TypeDescriptor<T8> _td_T8) {
      return new Dafny.TypeDescriptor<_System._ITuple9<T0, T1, T2, T3, T4, T5, T6, T7, T8>>(_System.Tuple9<T0, T1, T2, T3, T4, T5, T6, T7, T8>.Default(_td_T0.Default(), _td_T1.Default(), _td_T2.Default(), _td_T3.Default(), _td_T4.Default(), _td_T5.Default(), _td_T6.Default(), _td_T7.Default(), _td_T8.Default()));
    }
    public static _ITuple9<T0, T1, T2, T3, T4, T5, T6, T7, T8> create(T0 _0, T1 _1, T2 _2, T3 _3, T4 _4, T5 _5, T6 _6, T7 _7, T8 _8) {
      return new Tuple9<T0, T1, T2, T3, T4, T5, T6, T7, T8>(_0, _1, _2, _3, _4, _5, _6, _7, _8);
    }
    public static _ITuple9<T0, T1, T2, T3, T4, T5, T6, T7, T8> create____hMake9(T0 _0, T1 _1, T2 _2, T3 _3, T4 _4, T5 _5, T6 _6, T7 _7, T8 _8) {
      return create(_0, _1, _2, _3, _4, _5, _6, _7, _8);
    }
    public T0 dtor__0 {
      get {
        return this.__0;
      }
    }
    public T1 dtor__1 {
      get {
        return this.__1;
      }
    }
    public T2 dtor__2 {
      get {
        return this.__2;
      }
    }
    public T3 dtor__3 {
      get {
        return this.__3;
      }
    }
    public T4 dtor__4 {
      get {
        return this.__4;
      }
    }
    public T5 dtor__5 {
      get {
        return this.__5;
      }
    }
    public T6 dtor__6 {
      get {
        return this.__6;
      }
    }
    public T7 dtor__7 {
      get {
        return this.__7;
      }
    }
    public T8 dtor__8 {
      get {
        return this.__8;
      }
    }
  }

  public interface _ITuple10<out T0, out T1, out T2, out T3, out T4, out T5, out T6, out T7, out T8, out T9> {
    T0 dtor__0 { get; }
    T1 dtor__1 { get; }
    T2 dtor__2 { get; }
    T3 dtor__3 { get; }
    T4 dtor__4 { get; }
    T5 dtor__5 { get; }
    T6 dtor__6 { get; }
    T7 dtor__7 { get; }
    T8 dtor__8 { get; }
    T9 dtor__9 { get; }
    _ITuple10<__T0, __T1, __T2, __T3, __T4, __T5, __T6, __T7, __T8, __T9> DowncastClone<__T0, __T1, __T2, __T3, __T4, __T5, __T6, __T7, __T8, __T9>(Func<T0, __T0> converter0, Func<T1, __T1> converter1, Func<T2, __T2> converter2, Func<T3, __T3> converter3, Func<T4, __T4> converter4, Func<T5, __T5> converter5, Func<T6, __T6> converter6, Func<T7, __T7> converter7, Func<T8, __T8> converter8, Func<T9, __T9> converter9);
  }
  public class Tuple10<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9> : _ITuple10<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9> {
    public readonly T0 __0;
    public readonly T1 __1;
    public readonly T2 __2;
    public readonly T3 __3;
    public readonly T4 __4;
    public readonly T5 __5;
    public readonly T6 __6;
    public readonly T7 __7;
    public readonly T8 __8;
    public readonly T9 __9;
    public Tuple10(T0 _0, T1 _1, T2 _2, T3 _3, T4 _4, T5 _5, T6 _6, T7 _7, T8 _8, T9 _9) {
      this.__0 = _0;
      this.__1 = _1;
      this.__2 = _2;
      this.__3 = _3;
      this.__4 = _4;
      this.__5 = _5;
      this.__6 = _6;
      this.__7 = _7;
      this.__8 = _8;
      this.__9 = _9;
    }
    public _ITuple10<__T0, __T1, __T2, __T3, __T4, __T5, __T6, __T7, __T8, __T9> DowncastClone<__T0, __T1, __T2, __T3, __T4, __T5, __T6, __T7, __T8, __T9>(Func<T0, __T0> converter0, Func<T1, __T1> converter1, Func<T2, __T2> converter2, Func<T3, __T3> converter3, Func<T4, __T4> converter4, Func<T5, __T5> converter5, Func<T6, __T6> converter6, Func<T7, __T7> converter7, Func<T8, __T8> converter8, Func<T9, __T9> converter9) {
      if (this is _ITuple10<__T0, __T1, __T2, __T3, __T4, __T5, __T6, __T7, __T8, __T9> dt) { return dt; }
      return new Tuple10<__T0, __T1, __T2, __T3, __T4, __T5, __T6, __T7, __T8, __T9>(converter0(__0), converter1(__1), converter2(__2), converter3(__3), converter4(__4), converter5(__5), converter6(__6), converter7(__7), converter8(__8), converter9(__9));
    }
    public override bool Equals(object other) {
      var oth = other as _System.Tuple10<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9>;
      return oth != null && object.Equals(this.__0, oth.__0) && object.Equals(this.__1, oth.__1) && object.Equals(this.__2, oth.__2) && object.Equals(this.__3, oth.__3) && object.Equals(this.__4, oth.__4) && object.Equals(this.__5, oth.__5) && object.Equals(this.__6, oth.__6) && object.Equals(this.__7, oth.__7) && object.Equals(this.__8, oth.__8) && object.Equals(this.__9, oth.__9);
    }
    public override int GetHashCode() {
      ulong hash = 5381;
      hash = ((hash << 5) + hash) + 0;
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__0));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__1));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__2));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__3));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__4));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__5));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__6));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__7));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__8));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__9));
      return (int) hash;
    }
    public override string ToString() {
      string s = "";
      s += "(";
      s += Dafny.Helpers.ToString(this.__0);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__1);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__2);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__3);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__4);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__5);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__6);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__7);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__8);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__9);
      s += ")";
      return s;
    }
    public static _System._ITuple10<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9> Default(T0 _default_T0, T1 _default_T1, T2 _default_T2, T3 _default_T3, T4 _default_T4, T5 _default_T5, T6 _default_T6, T7 _default_T7, T8 _default_T8, T9 _default_T9) {
      return create(_default_T0, _default_T1, _default_T2, _default_T3, _default_T4, _default_T5, _default_T6, _default_T7, _default_T8, _default_T9);
    }
    public static Dafny.TypeDescriptor<_System._ITuple10<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9>> _TypeDescriptor(Dafny.TypeDescriptor<T0> _td_T0, Dafny.TypeDescriptor<T1> _td_T1, Dafny.TypeDescriptor<T2> _td_T2, Dafny.TypeDescriptor<T3> _td_T3, Dafny.TypeDescriptor<T4> _td_T4, Dafny.TypeDescriptor<T5> _td_T5, Dafny.TypeDescriptor<T6> _td_T6, Dafny.TypeDescriptor<T7> _td_T7, Dafny.TypeDescriptor<T8> _td_T8, Dafny.TypeDescriptor<T9> _td_T9) {
      return new Dafny.TypeDescriptor<_System._ITuple10<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9>>(_System.Tuple10<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9>.Default(_td_T0.Default(), _td_T1.Default(), _td_T2.Default(), _td_T3.Default(), _td_T4.Default(), _td_T5.Default(), _td_T6.Default(), _td_T7.Default(), _td_T8.Default(), _td_T9.Default()));
    }
    public static _ITuple10<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9> create(T0 _0, T1 _1, T2 _2, T3 _3, T4 _4, T5 _5, T6 _6, T7 _7, T8 _8, T9 _9) {
      return new Tuple10<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9>(_0, _1, _2, _3, _4, _5, _6, _7, _8, _9);
    }
    public static _ITuple10<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9> create____hMake10(T0 _0, T1 _1, T2 _2, T3 _3, T4 _4, T5 _5, T6 _6, T7 _7, T8 _8, T9 _9) {
      return create(_0, _1, _2, _3, _4, _5, _6, _7, _8, _9);
    }
    public T0 dtor__0 {
      get {
        return this.__0;
      }
    }
    public T1 dtor__1 {
      get {
        return this.__1;
      }
    }
    public T2 dtor__2 {
      get {
        return this.__2;
      }
    }
    public T3 dtor__3 {
      get {
        return this.__3;
      }
    }
    public T4 dtor__4 {
      get {
        return this.__4;
      }
    }
    public T5 dtor__5 {
      get {
        return this.__5;
      }
    }
    public T6 dtor__6 {
      get {
        return this.__6;
      }
    }
    public T7 dtor__7 {
      get {
        return this.__7;
      }
    }
    public T8 dtor__8 {
      get {
        return this.__8;
      }
    }
    public T9 dtor__9 {
      get {
        return this.__9;
      }
    }
  }

  public interface _ITuple11<out T0, out T1, out T2, out T3, out T4, out T5, out T6, out T7, out T8, out T9, out T10> {
    T0 dtor__0 { get; }
    T1 dtor__1 { get; }
    T2 dtor__2 { get; }
    T3 dtor__3 { get; }
    T4 dtor__4 { get; }
    T5 dtor__5 { get; }
    T6 dtor__6 { get; }
    T7 dtor__7 { get; }
    T8 dtor__8 { get; }
    T9 dtor__9 { get; }
    T10 dtor__10 { get; }
    _ITuple11<__T0, __T1, __T2, __T3, __T4, __T5, __T6, __T7, __T8, __T9, __T10> DowncastClone<__T0, __T1, __T2, __T3, __T4, __T5, __T6, __T7, __T8, __T9, __T10>(Func<T0, __T0> converter0, Func<T1, __T1> converter1, Func<T2, __T2> converter2, Func<T3, __T3> converter3, Func<T4, __T4> converter4, Func<T5, __T5> converter5, Func<T6, __T6> converter6, Func<T7, __T7> converter7, Func<T8, __T8> converter8, Func<T9, __T9> converter9, Func<T10, __T10> converter10);
  }
  public class Tuple11<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10> : _ITuple11<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10> {
    public readonly T0 __0;
    public readonly T1 __1;
    public readonly T2 __2;
    public readonly T3 __3;
    public readonly T4 __4;
    public readonly T5 __5;
    public readonly T6 __6;
    public readonly T7 __7;
    public readonly T8 __8;
    public readonly T9 __9;
    public readonly T10 __10;
    public Tuple11(T0 _0, T1 _1, T2 _2, T3 _3, T4 _4, T5 _5, T6 _6, T7 _7, T8 _8, T9 _9, T10 _10) {
      this.__0 = _0;
      this.__1 = _1;
      this.__2 = _2;
      this.__3 = _3;
      this.__4 = _4;
      this.__5 = _5;
      this.__6 = _6;
      this.__7 = _7;
      this.__8 = _8;
      this.__9 = _9;
      this.__10 = _10;
    }
    public _ITuple11<__T0, __T1, __T2, __T3, __T4, __T5, __T6, __T7, __T8, __T9, __T10> DowncastClone<__T0, __T1, __T2, __T3, __T4, __T5, __T6, __T7, __T8, __T9, __T10>(Func<T0, __T0> converter0, Func<T1, __T1> converter1, Func<T2, __T2> converter2, Func<T3, __T3> converter3, Func<T4, __T4> converter4, Func<T5, __T5> converter5, Func<T6, __T6> converter6, Func<T7, __T7> converter7, Func<T8, __T8> converter8, Func<T9, __T9> converter9, Func<T10, __T10> converter10) {
      if (this is _ITuple11<__T0, __T1, __T2, __T3, __T4, __T5, __T6, __T7, __T8, __T9, __T10> dt) { return dt; }
      return new Tuple11<__T0, __T1, __T2, __T3, __T4, __T5, __T6, __T7, __T8, __T9, __T10>(converter0(__0), converter1(__1), converter2(__2), converter3(__3), converter4(__4), converter5(__5), converter6(__6), converter7(__7), converter8(__8), converter9(__9), converter10(__10));
    }
    public override bool Equals(object other) {
      var oth = other as _System.Tuple11<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10>;
      return oth != null && object.Equals(this.__0, oth.__0) && object.Equals(this.__1, oth.__1) && object.Equals(this.__2, oth.__2) && object.Equals(this.__3, oth.__3) && object.Equals(this.__4, oth.__4) && object.Equals(this.__5, oth.__5) && object.Equals(this.__6, oth.__6) && object.Equals(this.__7, oth.__7) && object.Equals(this.__8, oth.__8) && object.Equals(this.__9, oth.__9) && object.Equals(this.__10, oth.__10);
    }
    public override int GetHashCode() {
      ulong hash = 5381;
      hash = ((hash << 5) + hash) + 0;
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__0));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__1));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__2));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__3));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__4));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__5));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__6));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__7));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__8));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__9));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__10));
      return (int) hash;
    }
    public override string ToString() {
      string s = "";
      s += "(";
      s += Dafny.Helpers.ToString(this.__0);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__1);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__2);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__3);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__4);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__5);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__6);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__7);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__8);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__9);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__10);
      s += ")";
      return s;
    }
    public static _System._ITuple11<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10> Default(T0 _default_T0, T1 _default_T1, T2 _default_T2, T3 _default_T3, T4 _default_T4, T5 _default_T5, T6 _default_T6, T7 _default_T7, T8 _default_T8, T9 _default_T9, T10 _default_T10) {
      return create(_default_T0, _default_T1, _default_T2, _default_T3, _default_T4, _default_T5, _default_T6, _default_T7, _default_T8, _default_T9, _default_T10);
    }
    public static Dafny.TypeDescriptor<_System._ITuple11<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10>> _TypeDescriptor(Dafny.TypeDescriptor<T0> _td_T0, Dafny.TypeDescriptor<T1> _td_T1, Dafny.TypeDescriptor<T2> _td_T2, Dafny.TypeDescriptor<T3> _td_T3, Dafny.TypeDescriptor<T4> _td_T4, Dafny.TypeDescriptor<T5> _td_T5, Dafny.TypeDescriptor<T6> _td_T6, Dafny.TypeDescriptor<T7> _td_T7, Dafny.TypeDescriptor<T8> _td_T8, Dafny.TypeDescriptor<T9> _td_T9, Dafny.TypeDescriptor<T10> _td_T10) {
      return new Dafny.TypeDescriptor<_System._ITuple11<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10>>(_System.Tuple11<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10>.Default(_td_T0.Default(), _td_T1.Default(), _td_T2.Default(), _td_T3.Default(), _td_T4.Default(), _td_T5.Default(), _td_T6.Default(), _td_T7.Default(), _td_T8.Default(), _td_T9.Default(), _td_T10.Default()));
    }
    public static _ITuple11<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10> create(T0 _0, T1 _1, T2 _2, T3 _3, T4 _4, T5 _5, T6 _6, T7 _7, T8 _8, T9 _9, T10 _10) {
      return new Tuple11<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10>(_0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10);
    }
    public static _ITuple11<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10> create____hMake11(T0 _0, T1 _1, T2 _2, T3 _3, T4 _4, T5 _5, T6 _6, T7 _7, T8 _8, T9 _9, T10 _10) {
      return create(_0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10);
    }
    public T0 dtor__0 {
      get {
        return this.__0;
      }
    }
    public T1 dtor__1 {
      get {
        return this.__1;
      }
    }
    public T2 dtor__2 {
      get {
        return this.__2;
      }
    }
    public T3 dtor__3 {
      get {
        return this.__3;
      }
    }
    public T4 dtor__4 {
      get {
        return this.__4;
      }
    }
    public T5 dtor__5 {
      get {
        return this.__5;
      }
    }
    public T6 dtor__6 {
      get {
        return this.__6;
      }
    }
    public T7 dtor__7 {
      get {
        return this.__7;
      }
    }
    public T8 dtor__8 {
      get {
        return this.__8;
      }
    }
    public T9 dtor__9 {
      get {
        return this.__9;
      }
    }
    public T10 dtor__10 {
      get {
        return this.__10;
      }
    }
  }

  public interface _ITuple12<out T0, out T1, out T2, out T3, out T4, out T5, out T6, out T7, out T8, out T9, out T10, out T11> {
    T0 dtor__0 { get; }
    T1 dtor__1 { get; }
    T2 dtor__2 { get; }
    T3 dtor__3 { get; }
    T4 dtor__4 { get; }
    T5 dtor__5 { get; }
    T6 dtor__6 { get; }
    T7 dtor__7 { get; }
    T8 dtor__8 { get; }
    T9 dtor__9 { get; }
    T10 dtor__10 { get; }
    T11 dtor__11 { get; }
    _ITuple12<__T0, __T1, __T2, __T3, __T4, __T5, __T6, __T7, __T8, __T9, __T10, __T11> DowncastClone<__T0, __T1, __T2, __T3, __T4, __T5, __T6, __T7, __T8, __T9, __T10, __T11>(Func<T0, __T0> converter0, Func<T1, __T1> converter1, Func<T2, __T2> converter2, Func<T3, __T3> converter3, Func<T4, __T4> converter4, Func<T5, __T5> converter5, Func<T6, __T6> converter6, Func<T7, __T7> converter7, Func<T8, __T8> converter8, Func<T9, __T9> converter9, Func<T10, __T10> converter10, Func<T11, __T11> converter11);
  }
  public class Tuple12<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11> : _ITuple12<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11> {
    public readonly T0 __0;
    public readonly T1 __1;
    public readonly T2 __2;
    public readonly T3 __3;
    public readonly T4 __4;
    public readonly T5 __5;
    public readonly T6 __6;
    public readonly T7 __7;
    public readonly T8 __8;
    public readonly T9 __9;
    public readonly T10 __10;
    public readonly T11 __11;
    public Tuple12(T0 _0, T1 _1, T2 _2, T3 _3, T4 _4, T5 _5, T6 _6, T7 _7, T8 _8, T9 _9, T10 _10, T11 _11) {
      this.__0 = _0;
      this.__1 = _1;
      this.__2 = _2;
      this.__3 = _3;
      this.__4 = _4;
      this.__5 = _5;
      this.__6 = _6;
      this.__7 = _7;
      this.__8 = _8;
      this.__9 = _9;
      this.__10 = _10;
      this.__11 = _11;
    }
    public _ITuple12<__T0, __T1, __T2, __T3, __T4, __T5, __T6, __T7, __T8, __T9, __T10, __T11> DowncastClone<__T0, __T1, __T2, __T3, __T4, __T5, __T6, __T7, __T8, __T9, __T10, __T11>(Func<T0, __T0> converter0, Func<T1, __T1> converter1, Func<T2, __T2> converter2, Func<T3, __T3> converter3, Func<T4, __T4> converter4, Func<T5, __T5> converter5, Func<T6, __T6> converter6, Func<T7, __T7> converter7, Func<T8, __T8> converter8, Func<T9, __T9> converter9, Func<T10, __T10> converter10, Func<T11, __T11> converter11) {
      if (this is _ITuple12<__T0, __T1, __T2, __T3, __T4, __T5, __T6, __T7, __T8, __T9, __T10, __T11> dt) { return dt; }
      return new Tuple12<__T0, __T1, __T2, __T3, __T4, __T5, __T6, __T7, __T8, __T9, __T10, __T11>(converter0(__0), converter1(__1), converter2(__2), converter3(__3), converter4(__4), converter5(__5), converter6(__6), converter7(__7), converter8(__8), converter9(__9), converter10(__10), converter11(__11));
    }
    public override bool Equals(object other) {
      var oth = other as _System.Tuple12<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11>;
      return oth != null && object.Equals(this.__0, oth.__0) && object.Equals(this.__1, oth.__1) && object.Equals(this.__2, oth.__2) && object.Equals(this.__3, oth.__3) && object.Equals(this.__4, oth.__4) && object.Equals(this.__5, oth.__5) && object.Equals(this.__6, oth.__6) && object.Equals(this.__7, oth.__7) && object.Equals(this.__8, oth.__8) && object.Equals(this.__9, oth.__9) && object.Equals(this.__10, oth.__10) && object.Equals(this.__11, oth.__11);
    }
    public override int GetHashCode() {
      ulong hash = 5381;
      hash = ((hash << 5) + hash) + 0;
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__0));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__1));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__2));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__3));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__4));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__5));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__6));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__7));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__8));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__9));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__10));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__11));
      return (int) hash;
    }
    public override string ToString() {
      string s = "";
      s += "(";
      s += Dafny.Helpers.ToString(this.__0);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__1);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__2);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__3);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__4);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__5);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__6);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__7);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__8);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__9);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__10);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__11);
      s += ")";
      return s;
    }
    public static _System._ITuple12<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11> Default(T0 _default_T0, T1 _default_T1, T2 _default_T2, T3 _default_T3, T4 _default_T4, T5 _default_T5, T6 _default_T6, T7 _default_T7, T8 _default_T8, T9 _default_T9, T10 _default_T10, T11 _default_T11) {
      return create(_default_T0, _default_T1, _default_T2, _default_T3, _default_T4, _default_T5, _default_T6, _default_T7, _default_T8, _default_T9, _default_T10, _default_T11);
    }
    public static Dafny.TypeDescriptor<_System._ITuple12<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11>> _TypeDescriptor(Dafny.TypeDescriptor<T0> _td_T0, Dafny.TypeDescriptor<T1> _td_T1, Dafny.TypeDescriptor<T2> _td_T2, Dafny.TypeDescriptor<T3> _td_T3, Dafny.TypeDescriptor<T4> _td_T4, Dafny.TypeDescriptor<T5> _td_T5, Dafny.TypeDescriptor<T6> _td_T6, Dafny.TypeDescriptor<T7> _td_T7, Dafny.TypeDescriptor<T8> _td_T8, Dafny.TypeDescriptor<T9> _td_T9, Dafny.TypeDescriptor<T10> _td_T10, Dafny.TypeDescriptor<T11> _td_T11) {
      return new Dafny.TypeDescriptor<_System._ITuple12<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11>>(_System.Tuple12<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11>.Default(_td_T0.Default(), _td_T1.Default(), _td_T2.Default(), _td_T3.Default(), _td_T4.Default(), _td_T5.Default(), _td_T6.Default(), _td_T7.Default(), _td_T8.Default(), _td_T9.Default(), _td_T10.Default(), _td_T11.Default()));
    }
    public static _ITuple12<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11> create(T0 _0, T1 _1, T2 _2, T3 _3, T4 _4, T5 _5, T6 _6, T7 _7, T8 _8, T9 _9, T10 _10, T11 _11) {
      return new Tuple12<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11>(_0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11);
    }
    public static _ITuple12<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11> create____hMake12(T0 _0, T1 _1, T2 _2, T3 _3, T4 _4, T5 _5, T6 _6, T7 _7, T8 _8, T9 _9, T10 _10, T11 _11) {
      return create(_0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11);
    }
    public T0 dtor__0 {
      get {
        return this.__0;
      }
    }
    public T1 dtor__1 {
      get {
        return this.__1;
      }
    }
    public T2 dtor__2 {
      get {
        return this.__2;
      }
    }
    public T3 dtor__3 {
      get {
        return this.__3;
      }
    }
    public T4 dtor__4 {
      get {
        return this.__4;
      }
    }
    public T5 dtor__5 {
      get {
        return this.__5;
      }
    }
    public T6 dtor__6 {
      get {
        return this.__6;
      }
    }
    public T7 dtor__7 {
      get {
        return this.__7;
      }
    }
    public T8 dtor__8 {
      get {
        return this.__8;
      }
    }
    public T9 dtor__9 {
      get {
        return this.__9;
      }
    }
    public T10 dtor__10 {
      get {
        return this.__10;
      }
    }
    public T11 dtor__11 {
      get {
        return this.__11;
      }
    }
  }

  public interface _ITuple13<out T0, out T1, out T2, out T3, out T4, out T5, out T6, out T7, out T8, out T9, out T10, out T11, out T12> {
    T0 dtor__0 { get; }
    T1 dtor__1 { get; }
    T2 dtor__2 { get; }
    T3 dtor__3 { get; }
    T4 dtor__4 { get; }
    T5 dtor__5 { get; }
    T6 dtor__6 { get; }
    T7 dtor__7 { get; }
    T8 dtor__8 { get; }
    T9 dtor__9 { get; }
    T10 dtor__10 { get; }
    T11 dtor__11 { get; }
    T12 dtor__12 { get; }
    _ITuple13<__T0, __T1, __T2, __T3, __T4, __T5, __T6, __T7, __T8, __T9, __T10, __T11, __T12> DowncastClone<__T0, __T1, __T2, __T3, __T4, __T5, __T6, __T7, __T8, __T9, __T10, __T11, __T12>(Func<T0, __T0> converter0, Func<T1, __T1> converter1, Func<T2, __T2> converter2, Func<T3, __T3> converter3, Func<T4, __T4> converter4, Func<T5, __T5> converter5, Func<T6, __T6> converter6, Func<T7, __T7> converter7, Func<T8, __T8> converter8, Func<T9, __T9> converter9, Func<T10, __T10> converter10, Func<T11, __T11> converter11, Func<T12, __T12> converter12);
  }
  public class Tuple13<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12> : _ITuple13<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12> {
    public readonly T0 __0;
    public readonly T1 __1;
    public readonly T2 __2;
    public readonly T3 __3;
    public readonly T4 __4;
    public readonly T5 __5;
    public readonly T6 __6;
    public readonly T7 __7;
    public readonly T8 __8;
    public readonly T9 __9;
    public readonly T10 __10;
    public readonly T11 __11;
    public readonly T12 __12;
    public Tuple13(T0 _0, T1 _1, T2 _2, T3 _3, T4 _4, T5 _5, T6 _6, T7 _7, T8 _8, T9 _9, T10 _10, T11 _11, T12 _12) {
      this.__0 = _0;
      this.__1 = _1;
      this.__2 = _2;
      this.__3 = _3;
      this.__4 = _4;
      this.__5 = _5;
      this.__6 = _6;
      this.__7 = _7;
      this.__8 = _8;
      this.__9 = _9;
      this.__10 = _10;
      this.__11 = _11;
      this.__12 = _12;
    }
    public _ITuple13<__T0, __T1, __T2, __T3, __T4, __T5, __T6, __T7, __T8, __T9, __T10, __T11, __T12> DowncastClone<__T0, __T1, __T2, __T3, __T4, __T5, __T6, __T7, __T8, __T9, __T10, __T11, __T12>(Func<T0, __T0> converter0, Func<T1, __T1> converter1, Func<T2, __T2> converter2, Func<T3, __T3> converter3, Func<T4, __T4> converter4, Func<T5, __T5> converter5, Func<T6, __T6> converter6, Func<T7, __T7> converter7, Func<T8, __T8> converter8, Func<T9, __T9> converter9, Func<T10, __T10> converter10, Func<T11, __T11> converter11, Func<T12, __T12> converter12) {
      if (this is _ITuple13<__T0, __T1, __T2, __T3, __T4, __T5, __T6, __T7, __T8, __T9, __T10, __T11, __T12> dt) { return dt; }
      return new Tuple13<__T0, __T1, __T2, __T3, __T4, __T5, __T6, __T7, __T8, __T9, __T10, __T11, __T12>(converter0(__0), converter1(__1), converter2(__2), converter3(__3), converter4(__4), converter5(__5), converter6(__6), converter7(__7), converter8(__8), converter9(__9), converter10(__10), converter11(__11), converter12(__12));
    }
    public override bool Equals(object other) {
      var oth = other as _System.Tuple13<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12>;
      return oth != null && object.Equals(this.__0, oth.__0) && object.Equals(this.__1, oth.__1) && object.Equals(this.__2, oth.__2) && object.Equals(this.__3, oth.__3) && object.Equals(this.__4, oth.__4) && object.Equals(this.__5, oth.__5) && object.Equals(this.__6, oth.__6) && object.Equals(this.__7, oth.__7) && object.Equals(this.__8, oth.__8) && object.Equals(this.__9, oth.__9) && object.Equals(this.__10, oth.__10) && object.Equals(this.__11, oth.__11) && object.Equals(this.__12, oth.__12);
    }
    public override int GetHashCode() {
      ulong hash = 5381;
      hash = ((hash << 5) + hash) + 0;
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__0));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__1));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__2));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__3));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__4));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__5));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__6));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__7));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__8));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__9));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__10));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__11));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__12));
      return (int) hash;
    }
    public override string ToString() {
      string s = "";
      s += "(";
      s += Dafny.Helpers.ToString(this.__0);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__1);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__2);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__3);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__4);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__5);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__6);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__7);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__8);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__9);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__10);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__11);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__12);
      s += ")";
      return s;
    }
    public static _System._ITuple13<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12> Default(T0 _default_T0, T1 _default_T1, T2 _default_T2, T3 _default_T3, T4 _default_T4, T5 _default_T5, T6 _default_T6, T7 _default_T7, T8 _default_T8, T9 _default_T9, T10 _default_T10, T11 _default_T11, T12 _default_T12) {
      return create(_default_T0, _default_T1, _default_T2, _default_T3, _default_T4, _default_T5, _default_T6, _default_T7, _default_T8, _default_T9, _default_T10, _default_T11, _default_T12);
    }
    public static Dafny.TypeDescriptor<_System._ITuple13<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12>> _TypeDescriptor(Dafny.TypeDescriptor<T0> _td_T0, Dafny.TypeDescriptor<T1> _td_T1, Dafny.TypeDescriptor<T2> _td_T2, Dafny.TypeDescriptor<T3> _td_T3, Dafny.TypeDescriptor<T4> _td_T4, Dafny.TypeDescriptor<T5> _td_T5, Dafny.TypeDescriptor<T6> _td_T6, Dafny.TypeDescriptor<T7> _td_T7, Dafny.TypeDescriptor<T8> _td_T8, Dafny.TypeDescriptor<T9> _td_T9, Dafny.TypeDescriptor<T10> _td_T10, Dafny.TypeDescriptor<T11> _td_T11, Dafny.TypeDescriptor<T12> _td_T12) {
      return new Dafny.TypeDescriptor<_System._ITuple13<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12>>(_System.Tuple13<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12>.Default(_td_T0.Default(), _td_T1.Default(), _td_T2.Default(), _td_T3.Default(), _td_T4.Default(), _td_T5.Default(), _td_T6.Default(), _td_T7.Default(), _td_T8.Default(), _td_T9.Default(), _td_T10.Default(), _td_T11.Default(), _td_T12.Default()));
    }
    public static _ITuple13<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12> create(T0 _0, T1 _1, T2 _2, T3 _3, T4 _4, T5 _5, T6 _6, T7 _7, T8 _8, T9 _9, T10 _10, T11 _11, T12 _12) {
      return new Tuple13<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12>(_0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12);
    }
    public static _ITuple13<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12> create____hMake13(T0 _0, T1 _1, T2 _2, T3 _3, T4 _4, T5 _5, T6 _6, T7 _7, T8 _8, T9 _9, T10 _10, T11 _11, T12 _12) {
      return create(_0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12);
    }
    public T0 dtor__0 {
      get {
        return this.__0;
      }
    }
    public T1 dtor__1 {
      get {
        return this.__1;
      }
    }
    public T2 dtor__2 {
      get {
        return this.__2;
      }
    }
    public T3 dtor__3 {
      get {
        return this.__3;
      }
    }
    public T4 dtor__4 {
      get {
        return this.__4;
      }
    }
    public T5 dtor__5 {
      get {
        return this.__5;
      }
    }
    public T6 dtor__6 {
      get {
        return this.__6;
      }
    }
    public T7 dtor__7 {
      get {
        return this.__7;
      }
    }
    public T8 dtor__8 {
      get {
        return this.__8;
      }
    }
    public T9 dtor__9 {
      get {
        return this.__9;
      }
    }
    public T10 dtor__10 {
      get {
        return this.__10;
      }
    }
    public T11 dtor__11 {
      get {
        return this.__11;
      }
    }
    public T12 dtor__12 {
      get {
        return this.__12;
      }
    }
  }

  public interface _ITuple14<out T0, out T1, out T2, out T3, out T4, out T5, out T6, out T7, out T8, out T9, out T10, out T11, out T12, out T13> {
    T0 dtor__0 { get; }
    T1 dtor__1 { get; }
    T2 dtor__2 { get; }
    T3 dtor__3 { get; }
    T4 dtor__4 { get; }
    T5 dtor__5 { get; }
    T6 dtor__6 { get; }
    T7 dtor__7 { get; }
    T8 dtor__8 { get; }
    T9 dtor__9 { get; }
    T10 dtor__10 { get; }
    T11 dtor__11 { get; }
    T12 dtor__12 { get; }
    T13 dtor__13 { get; }
    _ITuple14<__T0, __T1, __T2, __T3, __T4, __T5, __T6, __T7, __T8, __T9, __T10, __T11, __T12, __T13> DowncastClone<__T0, __T1, __T2, __T3, __T4, __T5, __T6, __T7, __T8, __T9, __T10, __T11, __T12, __T13>(Func<T0, __T0> converter0, Func<T1, __T1> converter1, Func<T2, __T2> converter2, Func<T3, __T3> converter3, Func<T4, __T4> converter4, Func<T5, __T5> converter5, Func<T6, __T6> converter6, Func<T7, __T7> converter7, Func<T8, __T8> converter8, Func<T9, __T9> converter9, Func<T10, __T10> converter10, Func<T11, __T11> converter11, Func<T12, __T12> converter12, Func<T13, __T13> converter13);
  }
  public class Tuple14<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13> : _ITuple14<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13> {
    public readonly T0 __0;
    public readonly T1 __1;
    public readonly T2 __2;
    public readonly T3 __3;
    public readonly T4 __4;
    public readonly T5 __5;
    public readonly T6 __6;
    public readonly T7 __7;
    public readonly T8 __8;
    public readonly T9 __9;
    public readonly T10 __10;
    public readonly T11 __11;
    public readonly T12 __12;
    public readonly T13 __13;
    public Tuple14(T0 _0, T1 _1, T2 _2, T3 _3, T4 _4, T5 _5, T6 _6, T7 _7, T8 _8, T9 _9, T10 _10, T11 _11, T12 _12, T13 _13) {
      this.__0 = _0;
      this.__1 = _1;
      this.__2 = _2;
      this.__3 = _3;
      this.__4 = _4;
      this.__5 = _5;
      this.__6 = _6;
      this.__7 = _7;
      this.__8 = _8;
      this.__9 = _9;
      this.__10 = _10;
      this.__11 = _11;
      this.__12 = _12;
      this.__13 = _13;
    }
    public _ITuple14<__T0, __T1, __T2, __T3, __T4, __T5, __T6, __T7, __T8, __T9, __T10, __T11, __T12, __T13> DowncastClone<__T0, __T1, __T2, __T3, __T4, __T5, __T6, __T7, __T8, __T9, __T10, __T11, __T12, __T13>(Func<T0, __T0> converter0, Func<T1, __T1> converter1, Func<T2, __T2> converter2, Func<T3, __T3> converter3, Func<T4, __T4> converter4, Func<T5, __T5> converter5, Func<T6, __T6> converter6, Func<T7, __T7> converter7, Func<T8, __T8> converter8, Func<T9, __T9> converter9, Func<T10, __T10> converter10, Func<T11, __T11> converter11, Func<T12, __T12> converter12, Func<T13, __T13> converter13) {
      if (this is _ITuple14<__T0, __T1, __T2, __T3, __T4, __T5, __T6, __T7, __T8, __T9, __T10, __T11, __T12, __T13> dt) { return dt; }
      return new Tuple14<__T0, __T1, __T2, __T3, __T4, __T5, __T6, __T7, __T8, __T9, __T10, __T11, __T12, __T13>(converter0(__0), converter1(__1), converter2(__2), converter3(__3), converter4(__4), converter5(__5), converter6(__6), converter7(__7), converter8(__8), converter9(__9), converter10(__10), converter11(__11), converter12(__12), converter13(__13));
    }
    public override bool Equals(object other) {
      var oth = other as _System.Tuple14<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13>;
      return oth != null && object.Equals(this.__0, oth.__0) && object.Equals(this.__1, oth.__1) && object.Equals(this.__2, oth.__2) && object.Equals(this.__3, oth.__3) && object.Equals(this.__4, oth.__4) && object.Equals(this.__5, oth.__5) && object.Equals(this.__6, oth.__6) && object.Equals(this.__7, oth.__7) && object.Equals(this.__8, oth.__8) && object.Equals(this.__9, oth.__9) && object.Equals(this.__10, oth.__10) && object.Equals(this.__11, oth.__11) && object.Equals(this.__12, oth.__12) && object.Equals(this.__13, oth.__13);
    }
    public override int GetHashCode() {
      ulong hash = 5381;
      hash = ((hash << 5) + hash) + 0;
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__0));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__1));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__2));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__3));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__4));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__5));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__6));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__7));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__8));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__9));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__10));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__11));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__12));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__13));
      return (int) hash;
    }
    public override string ToString() {
      string s = "";
      s += "(";
      s += Dafny.Helpers.ToString(this.__0);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__1);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__2);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__3);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__4);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__5);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__6);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__7);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__8);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__9);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__10);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__11);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__12);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__13);
      s += ")";
      return s;
    }
    public static _System._ITuple14<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13> Default(T0 _default_T0, T1 _default_T1, T2 _default_T2, T3 _default_T3, T4 _default_T4, T5 _default_T5, T6 _default_T6, T7 _default_T7, T8 _default_T8, T9 _default_T9, T10 _default_T10, T11 _default_T11, T12 _default_T12, T13 _default_T13) {
      return create(_default_T0, _default_T1, _default_T2, _default_T3, _default_T4, _default_T5, _default_T6, _default_T7, _default_T8, _default_T9, _default_T10, _default_T11, _default_T12, _default_T13);
    }
    public static Dafny.TypeDescriptor<_System._ITuple14<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13>> _TypeDescriptor(Dafny.TypeDescriptor<T0> _td_T0, Dafny.TypeDescriptor<T1> _td_T1, Dafny.TypeDescriptor<T2> _td_T2, Dafny.TypeDescriptor<T3> _td_T3, Dafny.TypeDescriptor<T4> _td_T4, Dafny.TypeDescriptor<T5> _td_T5, Dafny.TypeDescriptor<T6> _td_T6, Dafny.TypeDescriptor<T7> _td_T7, Dafny.TypeDescriptor<T8> _td_T8, Dafny.TypeDescriptor<T9> _td_T9, Dafny.TypeDescriptor<T10> _td_T10, Dafny.TypeDescriptor<T11> _td_T11, Dafny.TypeDescriptor<T12> _td_T12, Dafny.TypeDescriptor<T13> _td_T13) {
      return new Dafny.TypeDescriptor<_System._ITuple14<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13>>(_System.Tuple14<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13>.Default(_td_T0.Default(), _td_T1.Default(), _td_T2.Default(), _td_T3.Default(), _td_T4.Default(), _td_T5.Default(), _td_T6.Default(), _td_T7.Default(), _td_T8.Default(), _td_T9.Default(), _td_T10.Default(), _td_T11.Default(), _td_T12.Default(), _td_T13.Default()));
    }
    public static _ITuple14<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13> create(T0 _0, T1 _1, T2 _2, T3 _3, T4 _4, T5 _5, T6 _6, T7 _7, T8 _8, T9 _9, T10 _10, T11 _11, T12 _12, T13 _13) {
      return new Tuple14<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13>(_0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13);
    }
    public static _ITuple14<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13> create____hMake14(T0 _0, T1 _1, T2 _2, T3 _3, T4 _4, T5 _5, T6 _6, T7 _7, T8 _8, T9 _9, T10 _10, T11 _11, T12 _12, T13 _13) {
      return create(_0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13);
    }
    public T0 dtor__0 {
      get {
        return this.__0;
      }
    }
    public T1 dtor__1 {
      get {
        return this.__1;
      }
    }
    public T2 dtor__2 {
      get {
        return this.__2;
      }
    }
    public T3 dtor__3 {
      get {
        return this.__3;
      }
    }
    public T4 dtor__4 {
      get {
        return this.__4;
      }
    }
    public T5 dtor__5 {
      get {
        return this.__5;
      }
    }
    public T6 dtor__6 {
      get {
        return this.__6;
      }
    }
    public T7 dtor__7 {
      get {
        return this.__7;
      }
    }
    public T8 dtor__8 {
      get {
        return this.__8;
      }
    }
    public T9 dtor__9 {
      get {
        return this.__9;
      }
    }
    public T10 dtor__10 {
      get {
        return this.__10;
      }
    }
    public T11 dtor__11 {
      get {
        return this.__11;
      }
    }
    public T12 dtor__12 {
      get {
        return this.__12;
      }
    }
    public T13 dtor__13 {
      get {
        return this.__13;
      }
    }
  }

  public interface _ITuple15<out T0, out T1, out T2, out T3, out T4, out T5, out T6, out T7, out T8, out T9, out T10, out T11, out T12, out T13, out T14> {
    T0 dtor__0 { get; }
    T1 dtor__1 { get; }
    T2 dtor__2 { get; }
    T3 dtor__3 { get; }
    T4 dtor__4 { get; }
    T5 dtor__5 { get; }
    T6 dtor__6 { get; }
    T7 dtor__7 { get; }
    T8 dtor__8 { get; }
    T9 dtor__9 { get; }
    T10 dtor__10 { get; }
    T11 dtor__11 { get; }
    T12 dtor__12 { get; }
    T13 dtor__13 { get; }
    T14 dtor__14 { get; }
    _ITuple15<__T0, __T1, __T2, __T3, __T4, __T5, __T6, __T7, __T8, __T9, __T10, __T11, __T12, __T13, __T14> DowncastClone<__T0, __T1, __T2, __T3, __T4, __T5, __T6, __T7, __T8, __T9, __T10, __T11, __T12, __T13, __T14>(Func<T0, __T0> converter0, Func<T1, __T1> converter1, Func<T2, __T2> converter2, Func<T3, __T3> converter3, Func<T4, __T4> converter4, Func<T5, __T5> converter5, Func<T6, __T6> converter6, Func<T7, __T7> converter7, Func<T8, __T8> converter8, Func<T9, __T9> converter9, Func<T10, __T10> converter10, Func<T11, __T11> converter11, Func<T12, __T12> converter12, Func<T13, __T13> converter13, Func<T14, __T14> converter14);
  }
  public class Tuple15<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14> : _ITuple15<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14> {
    public readonly T0 __0;
    public readonly T1 __1;
    public readonly T2 __2;
    public readonly T3 __3;
    public readonly T4 __4;
    public readonly T5 __5;
    public readonly T6 __6;
    public readonly T7 __7;
    public readonly T8 __8;
    public readonly T9 __9;
    public readonly T10 __10;
    public readonly T11 __11;
    public readonly T12 __12;
    public readonly T13 __13;
    public readonly T14 __14;
    public Tuple15(T0 _0, T1 _1, T2 _2, T3 _3, T4 _4, T5 _5, T6 _6, T7 _7, T8 _8, T9 _9, T10 _10, T11 _11, T12 _12, T13 _13, T14 _14) {
      this.__0 = _0;
      this.__1 = _1;
      this.__2 = _2;
      this.__3 = _3;
      this.__4 = _4;
      this.__5 = _5;
      this.__6 = _6;
      this.__7 = _7;
      this.__8 = _8;
      this.__9 = _9;
      this.__10 = _10;
      this.__11 = _11;
      this.__12 = _12;
      this.__13 = _13;
      this.__14 = _14;
    }
    public _ITuple15<__T0, __T1, __T2, __T3, __T4, __T5, __T6, __T7, __T8, __T9, __T10, __T11, __T12, __T13, __T14> DowncastClone<__T0, __T1, __T2, __T3, __T4, __T5, __T6, __T7, __T8, __T9, __T10, __T11, __T12, __T13, __T14>(Func<T0, __T0> converter0, Func<T1, __T1> converter1, Func<T2, __T2> converter2, Func<T3, __T3> converter3, Func<T4, __T4> converter4, Func<T5, __T5> converter5, Func<T6, __T6> converter6, Func<T7, __T7> converter7, Func<T8, __T8> converter8, Func<T9, __T9> converter9, Func<T10, __T10> converter10, Func<T11, __T11> converter11, Func<T12, __T12> converter12, Func<T13, __T13> converter13, Func<T14, __T14> converter14) {
      if (this is _ITuple15<__T0, __T1, __T2, __T3, __T4, __T5, __T6, __T7, __T8, __T9, __T10, __T11, __T12, __T13, __T14> dt) { return dt; }
      return new Tuple15<__T0, __T1, __T2, __T3, __T4, __T5, __T6, __T7, __T8, __T9, __T10, __T11, __T12, __T13, __T14>(converter0(__0), converter1(__1), converter2(__2), converter3(__3), converter4(__4), converter5(__5), converter6(__6), converter7(__7), converter8(__8), converter9(__9), converter10(__10), converter11(__11), converter12(__12), converter13(__13), converter14(__14));
    }
    public override bool Equals(object other) {
      var oth = other as _System.Tuple15<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14>;
      return oth != null && object.Equals(this.__0, oth.__0) && object.Equals(this.__1, oth.__1) && object.Equals(this.__2, oth.__2) && object.Equals(this.__3, oth.__3) && object.Equals(this.__4, oth.__4) && object.Equals(this.__5, oth.__5) && object.Equals(this.__6, oth.__6) && object.Equals(this.__7, oth.__7) && object.Equals(this.__8, oth.__8) && object.Equals(this.__9, oth.__9) && object.Equals(this.__10, oth.__10) && object.Equals(this.__11, oth.__11) && object.Equals(this.__12, oth.__12) && object.Equals(this.__13, oth.__13) && object.Equals(this.__14, oth.__14);
    }
    public override int GetHashCode() {
      ulong hash = 5381;
      hash = ((hash << 5) + hash) + 0;
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__0));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__1));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__2));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__3));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__4));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__5));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__6));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__7));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__8));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__9));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__10));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__11));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__12));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__13));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__14));
      return (int) hash;
    }
    public override string ToString() {
      string s = "";
      s += "(";
      s += Dafny.Helpers.ToString(this.__0);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__1);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__2);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__3);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__4);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__5);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__6);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__7);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__8);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__9);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__10);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__11);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__12);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__13);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__14);
      s += ")";
      return s;
    }
    public static _System._ITuple15<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14> Default(T0 _default_T0, T1 _default_T1, T2 _default_T2, T3 _default_T3, T4 _default_T4, T5 _default_T5, T6 _default_T6, T7 _default_T7, T8 _default_T8, T9 _default_T9, T10 _default_T10, T11 _default_T11, T12 _default_T12, T13 _default_T13, T14 _default_T14) {
      return create(_default_T0, _default_T1, _default_T2, _default_T3, _default_T4, _default_T5, _default_T6, _default_T7, _default_T8, _default_T9, _default_T10, _default_T11, _default_T12, _default_T13, _default_T14);
    }
    public static Dafny.TypeDescriptor<_System._ITuple15<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14>> _TypeDescriptor(Dafny.TypeDescriptor<T0> _td_T0, Dafny.TypeDescriptor<T1> _td_T1, Dafny.TypeDescriptor<T2> _td_T2, Dafny.TypeDescriptor<T3> _td_T3, Dafny.TypeDescriptor<T4> _td_T4, Dafny.TypeDescriptor<T5> _td_T5, Dafny.TypeDescriptor<T6> _td_T6, Dafny.TypeDescriptor<T7> _td_T7, Dafny.TypeDescriptor<T8> _td_T8, Dafny.TypeDescriptor<T9> _td_T9, Dafny.TypeDescriptor<T10> _td_T10, Dafny.TypeDescriptor<T11> _td_T11, Dafny.TypeDescriptor<T12> _td_T12, Dafny.TypeDescriptor<T13> _td_T13, Dafny.TypeDescriptor<T14> _td_T14) {
      return new Dafny.TypeDescriptor<_System._ITuple15<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14>>(_System.Tuple15<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14>.Default(_td_T0.Default(), _td_T1.Default(), _td_T2.Default(), _td_T3.Default(), _td_T4.Default(), _td_T5.Default(), _td_T6.Default(), _td_T7.Default(), _td_T8.Default(), _td_T9.Default(), _td_T10.Default(), _td_T11.Default(), _td_T12.Default(), _td_T13.Default(), _td_T14.Default()));
    }
    public static _ITuple15<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14> create(T0 _0, T1 _1, T2 _2, T3 _3, T4 _4, T5 _5, T6 _6, T7 _7, T8 _8, T9 _9, T10 _10, T11 _11, T12 _12, T13 _13, T14 _14) {
      return new Tuple15<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14>(_0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14);
    }
    public static _ITuple15<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14> create____hMake15(T0 _0, T1 _1, T2 _2, T3 _3, T4 _4, T5 _5, T6 _6, T7 _7, T8 _8, T9 _9, T10 _10, T11 _11, T12 _12, T13 _13, T14 _14) {
      return create(_0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14);
    }
    public T0 dtor__0 {
      get {
        return this.__0;
      }
    }
    public T1 dtor__1 {
      get {
        return this.__1;
      }
    }
    public T2 dtor__2 {
      get {
        return this.__2;
      }
    }
    public T3 dtor__3 {
      get {
        return this.__3;
      }
    }
    public T4 dtor__4 {
      get {
        return this.__4;
      }
    }
    public T5 dtor__5 {
      get {
        return this.__5;
      }
    }
    public T6 dtor__6 {
      get {
        return this.__6;
      }
    }
    public T7 dtor__7 {
      get {
        return this.__7;
      }
    }
    public T8 dtor__8 {
      get {
        return this.__8;
      }
    }
    public T9 dtor__9 {
      get {
        return this.__9;
      }
    }
    public T10 dtor__10 {
      get {
        return this.__10;
      }
    }
    public T11 dtor__11 {
      get {
        return this.__11;
      }
    }
    public T12 dtor__12 {
      get {
        return this.__12;
      }
    }
    public T13 dtor__13 {
      get {
        return this.__13;
      }
    }
    public T14 dtor__14 {
      get {
        return this.__14;
      }
    }
  }

  public interface _ITuple16<out T0, out T1, out T2, out T3, out T4, out T5, out T6, out T7, out T8, out T9, out T10, out T11, out T12, out T13, out T14, out T15> {
    T0 dtor__0 { get; }
    T1 dtor__1 { get; }
    T2 dtor__2 { get; }
    T3 dtor__3 { get; }
    T4 dtor__4 { get; }
    T5 dtor__5 { get; }
    T6 dtor__6 { get; }
    T7 dtor__7 { get; }
    T8 dtor__8 { get; }
    T9 dtor__9 { get; }
    T10 dtor__10 { get; }
    T11 dtor__11 { get; }
    T12 dtor__12 { get; }
    T13 dtor__13 { get; }
    T14 dtor__14 { get; }
    T15 dtor__15 { get; }
    _ITuple16<__T0, __T1, __T2, __T3, __T4, __T5, __T6, __T7, __T8, __T9, __T10, __T11, __T12, __T13, __T14, __T15> DowncastClone<__T0, __T1, __T2, __T3, __T4, __T5, __T6, __T7, __T8, __T9, __T10, __T11, __T12, __T13, __T14, __T15>(Func<T0, __T0> converter0, Func<T1, __T1> converter1, Func<T2, __T2> converter2, Func<T3, __T3> converter3, Func<T4, __T4> converter4, Func<T5, __T5> converter5, Func<T6, __T6> converter6, Func<T7, __T7> converter7, Func<T8, __T8> converter8, Func<T9, __T9> converter9, Func<T10, __T10> converter10, Func<T11, __T11> converter11, Func<T12, __T12> converter12, Func<T13, __T13> converter13, Func<T14, __T14> converter14, Func<T15, __T15> converter15);
  }
  public class Tuple16<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15> : _ITuple16<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15> {
    public readonly T0 __0;
    public readonly T1 __1;
    public readonly T2 __2;
    public readonly T3 __3;
    public readonly T4 __4;
    public readonly T5 __5;
    public readonly T6 __6;
    public readonly T7 __7;
    public readonly T8 __8;
    public readonly T9 __9;
    public readonly T10 __10;
    public readonly T11 __11;
    public readonly T12 __12;
    public readonly T13 __13;
    public readonly T14 __14;
    public readonly T15 __15;
    public Tuple16(T0 _0, T1 _1, T2 _2, T3 _3, T4 _4, T5 _5, T6 _6, T7 _7, T8 _8, T9 _9, T10 _10, T11 _11, T12 _12, T13 _13, T14 _14, T15 _15) {
      this.__0 = _0;
      this.__1 = _1;
      this.__2 = _2;
      this.__3 = _3;
      this.__4 = _4;
      this.__5 = _5;
      this.__6 = _6;
      this.__7 = _7;
      this.__8 = _8;
      this.__9 = _9;
      this.__10 = _10;
      this.__11 = _11;
      this.__12 = _12;
      this.__13 = _13;
      this.__14 = _14;
      this.__15 = _15;
    }
    public _ITuple16<__T0, __T1, __T2, __T3, __T4, __T5, __T6, __T7, __T8, __T9, __T10, __T11, __T12, __T13, __T14, __T15> DowncastClone<__T0, __T1, __T2, __T3, __T4, __T5, __T6, __T7, __T8, __T9, __T10, __T11, __T12, __T13, __T14, __T15>(Func<T0, __T0> converter0, Func<T1, __T1> converter1, Func<T2, __T2> converter2, Func<T3, __T3> converter3, Func<T4, __T4> converter4, Func<T5, __T5> converter5, Func<T6, __T6> converter6, Func<T7, __T7> converter7, Func<T8, __T8> converter8, Func<T9, __T9> converter9, Func<T10, __T10> converter10, Func<T11, __T11> converter11, Func<T12, __T12> converter12, Func<T13, __T13> converter13, Func<T14, __T14> converter14, Func<T15, __T15> converter15) {
      if (this is _ITuple16<__T0, __T1, __T2, __T3, __T4, __T5, __T6, __T7, __T8, __T9, __T10, __T11, __T12, __T13, __T14, __T15> dt) { return dt; }
      return new Tuple16<__T0, __T1, __T2, __T3, __T4, __T5, __T6, __T7, __T8, __T9, __T10, __T11, __T12, __T13, __T14, __T15>(converter0(__0), converter1(__1), converter2(__2), converter3(__3), converter4(__4), converter5(__5), converter6(__6), converter7(__7), converter8(__8), converter9(__9), converter10(__10), converter11(__11), converter12(__12), converter13(__13), converter14(__14), converter15(__15));
    }
    public override bool Equals(object other) {
      var oth = other as _System.Tuple16<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15>;
      return oth != null && object.Equals(this.__0, oth.__0) && object.Equals(this.__1, oth.__1) && object.Equals(this.__2, oth.__2) && object.Equals(this.__3, oth.__3) && object.Equals(this.__4, oth.__4) && object.Equals(this.__5, oth.__5) && object.Equals(this.__6, oth.__6) && object.Equals(this.__7, oth.__7) && object.Equals(this.__8, oth.__8) && object.Equals(this.__9, oth.__9) && object.Equals(this.__10, oth.__10) && object.Equals(this.__11, oth.__11) && object.Equals(this.__12, oth.__12) && object.Equals(this.__13, oth.__13) && object.Equals(this.__14, oth.__14) && object.Equals(this.__15, oth.__15);
    }
    public override int GetHashCode() {
      ulong hash = 5381;
      hash = ((hash << 5) + hash) + 0;
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__0));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__1));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__2));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__3));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__4));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__5));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__6));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__7));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__8));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__9));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__10));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__11));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__12));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__13));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__14));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__15));
      return (int) hash;
    }
    public override string ToString() {
      string s = "";
      s += "(";
      s += Dafny.Helpers.ToString(this.__0);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__1);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__2);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__3);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__4);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__5);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__6);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__7);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__8);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__9);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__10);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__11);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__12);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__13);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__14);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__15);
      s += ")";
      return s;
    }
    public static _System._ITuple16<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15> Default(T0 _default_T0, T1 _default_T1, T2 _default_T2, T3 _default_T3, T4 _default_T4, T5 _default_T5, T6 _default_T6, T7 _default_T7, T8 _default_T8, T9 _default_T9, T10 _default_T10, T11 _default_T11, T12 _default_T12, T13 _default_T13, T14 _default_T14, T15 _default_T15) {
      return create(_default_T0, _default_T1, _default_T2, _default_T3, _default_T4, _default_T5, _default_T6, _default_T7, _default_T8, _default_T9, _default_T10, _default_T11, _default_T12, _default_T13, _default_T14, _default_T15);
    }
    public static Dafny.TypeDescriptor<_System._ITuple16<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15>> _TypeDescriptor(Dafny.TypeDescriptor<T0> _td_T0, Dafny.TypeDescriptor<T1> _td_T1, Dafny.TypeDescriptor<T2> _td_T2, Dafny.TypeDescriptor<T3> _td_T3, Dafny.TypeDescriptor<T4> _td_T4, Dafny.TypeDescriptor<T5> _td_T5, Dafny.TypeDescriptor<T6> _td_T6, Dafny.TypeDescriptor<T7> _td_T7, Dafny.TypeDescriptor<T8> _td_T8, Dafny.TypeDescriptor<T9> _td_T9, Dafny.TypeDescriptor<T10> _td_T10, Dafny.TypeDescriptor<T11> _td_T11, Dafny.TypeDescriptor<T12> _td_T12, Dafny.TypeDescriptor<T13> _td_T13, Dafny.TypeDescriptor<T14> _td_T14, Dafny.TypeDescriptor<T15> _td_T15) {
      return new Dafny.TypeDescriptor<_System._ITuple16<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15>>(_System.Tuple16<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15>.Default(_td_T0.Default(), _td_T1.Default(), _td_T2.Default(), _td_T3.Default(), _td_T4.Default(), _td_T5.Default(), _td_T6.Default(), _td_T7.Default(), _td_T8.Default(), _td_T9.Default(), _td_T10.Default(), _td_T11.Default(), _td_T12.Default(), _td_T13.Default(), _td_T14.Default(), _td_T15.Default()));
    }
    public static _ITuple16<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15> create(T0 _0, T1 _1, T2 _2, T3 _3, T4 _4, T5 _5, T6 _6, T7 _7, T8 _8, T9 _9, T10 _10, T11 _11, T12 _12, T13 _13, T14 _14, T15 _15) {
      return new Tuple16<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15>(_0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14, _15);
    }
    public static _ITuple16<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15> create____hMake16(T0 _0, T1 _1, T2 _2, T3 _3, T4 _4, T5 _5, T6 _6, T7 _7, T8 _8, T9 _9, T10 _10, T11 _11, T12 _12, T13 _13, T14 _14, T15 _15) {
      return create(_0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14, _15);
    }
    public T0 dtor__0 {
      get {
        return this.__0;
      }
    }
    public T1 dtor__1 {
      get {
        return this.__1;
      }
    }
    public T2 dtor__2 {
      get {
        return this.__2;
      }
    }
    public T3 dtor__3 {
      get {
        return this.__3;
      }
    }
    public T4 dtor__4 {
      get {
        return this.__4;
      }
    }
    public T5 dtor__5 {
      get {
        return this.__5;
      }
    }
    public T6 dtor__6 {
      get {
        return this.__6;
      }
    }
    public T7 dtor__7 {
      get {
        return this.__7;
      }
    }
    public T8 dtor__8 {
      get {
        return this.__8;
      }
    }
    public T9 dtor__9 {
      get {
        return this.__9;
      }
    }
    public T10 dtor__10 {
      get {
        return this.__10;
      }
    }
    public T11 dtor__11 {
      get {
        return this.__11;
      }
    }
    public T12 dtor__12 {
      get {
        return this.__12;
      }
    }
    public T13 dtor__13 {
      get {
        return this.__13;
      }
    }
    public T14 dtor__14 {
      get {
        return this.__14;
      }
    }
    public T15 dtor__15 {
      get {
        return this.__15;
      }
    }
  }

  public interface _ITuple17<out T0, out T1, out T2, out T3, out T4, out T5, out T6, out T7, out T8, out T9, out T10, out T11, out T12, out T13, out T14, out T15, out T16> {
    T0 dtor__0 { get; }
    T1 dtor__1 { get; }
    T2 dtor__2 { get; }
    T3 dtor__3 { get; }
    T4 dtor__4 { get; }
    T5 dtor__5 { get; }
    T6 dtor__6 { get; }
    T7 dtor__7 { get; }
    T8 dtor__8 { get; }
    T9 dtor__9 { get; }
    T10 dtor__10 { get; }
    T11 dtor__11 { get; }
    T12 dtor__12 { get; }
    T13 dtor__13 { get; }
    T14 dtor__14 { get; }
    T15 dtor__15 { get; }
    T16 dtor__16 { get; }
    _ITuple17<__T0, __T1, __T2, __T3, __T4, __T5, __T6, __T7, __T8, __T9, __T10, __T11, __T12, __T13, __T14, __T15, __T16> DowncastClone<__T0, __T1, __T2, __T3, __T4, __T5, __T6, __T7, __T8, __T9, __T10, __T11, __T12, __T13, __T14, __T15, __T16>(Func<T0, __T0> converter0, Func<T1, __T1> converter1, Func<T2, __T2> converter2, Func<T3, __T3> converter3, Func<T4, __T4> converter4, Func<T5, __T5> converter5, Func<T6, __T6> converter6, Func<T7, __T7> converter7, Func<T8, __T8> converter8, Func<T9, __T9> converter9, Func<T10, __T10> converter10, Func<T11, __T11> converter11, Func<T12, __T12> converter12, Func<T13, __T13> converter13, Func<T14, __T14> converter14, Func<T15, __T15> converter15, Func<T16, __T16> converter16);
  }
  public class Tuple17<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15, T16> : _ITuple17<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15, T16> {
    public readonly T0 __0;
    public readonly T1 __1;
    public readonly T2 __2;
    public readonly T3 __3;
    public readonly T4 __4;
    public readonly T5 __5;
    public readonly T6 __6;
    public readonly T7 __7;
    public readonly T8 __8;
    public readonly T9 __9;
    public readonly T10 __10;
    public readonly T11 __11;
    public readonly T12 __12;
    public readonly T13 __13;
    public readonly T14 __14;
    public readonly T15 __15;
    public readonly T16 __16;
    public Tuple17(T0 _0, T1 _1, T2 _2, T3 _3, T4 _4, T5 _5, T6 _6, T7 _7, T8 _8, T9 _9, T10 _10, T11 _11, T12 _12, T13 _13, T14 _14, T15 _15, T16 _16) {
      this.__0 = _0;
      this.__1 = _1;
      this.__2 = _2;
      this.__3 = _3;
      this.__4 = _4;
      this.__5 = _5;
      this.__6 = _6;
      this.__7 = _7;
      this.__8 = _8;
      this.__9 = _9;
      this.__10 = _10;
      this.__11 = _11;
      this.__12 = _12;
      this.__13 = _13;
      this.__14 = _14;
      this.__15 = _15;
      this.__16 = _16;
    }
    public _ITuple17<__T0, __T1, __T2, __T3, __T4, __T5, __T6, __T7, __T8, __T9, __T10, __T11, __T12, __T13, __T14, __T15, __T16> DowncastClone<__T0, __T1, __T2, __T3, __T4, __T5, __T6, __T7, __T8, __T9, __T10, __T11, __T12, __T13, __T14, __T15, __T16>(Func<T0, __T0> converter0, Func<T1, __T1> converter1, Func<T2, __T2> converter2, Func<T3, __T3> converter3, Func<T4, __T4> converter4, Func<T5, __T5> converter5, Func<T6, __T6> converter6, Func<T7, __T7> converter7, Func<T8, __T8> converter8, Func<T9, __T9> converter9, Func<T10, __T10> converter10, Func<T11, __T11> converter11, Func<T12, __T12> converter12, Func<T13, __T13> converter13, Func<T14, __T14> converter14, Func<T15, __T15> converter15, Func<T16, __T16> converter16) {
      if (this is _ITuple17<__T0, __T1, __T2, __T3, __T4, __T5, __T6, __T7, __T8, __T9, __T10, __T11, __T12, __T13, __T14, __T15, __T16> dt) { return dt; }
      return new Tuple17<__T0, __T1, __T2, __T3, __T4, __T5, __T6, __T7, __T8, __T9, __T10, __T11, __T12, __T13, __T14, __T15, __T16>(converter0(__0), converter1(__1), converter2(__2), converter3(__3), converter4(__4), converter5(__5), converter6(__6), converter7(__7), converter8(__8), converter9(__9), converter10(__10), converter11(__11), converter12(__12), converter13(__13), converter14(__14), converter15(__15), converter16(__16));
    }
    public override bool Equals(object other) {
      var oth = other as _System.Tuple17<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15, T16>;
      return oth != null && object.Equals(this.__0, oth.__0) && object.Equals(this.__1, oth.__1) && object.Equals(this.__2, oth.__2) && object.Equals(this.__3, oth.__3) && object.Equals(this.__4, oth.__4) && object.Equals(this.__5, oth.__5) && object.Equals(this.__6, oth.__6) && object.Equals(this.__7, oth.__7) && object.Equals(this.__8, oth.__8) && object.Equals(this.__9, oth.__9) && object.Equals(this.__10, oth.__10) && object.Equals(this.__11, oth.__11) && object.Equals(this.__12, oth.__12) && object.Equals(this.__13, oth.__13) && object.Equals(this.__14, oth.__14) && object.Equals(this.__15, oth.__15) && object.Equals(this.__16, oth.__16);
    }
    public override int GetHashCode() {
      ulong hash = 5381;
      hash = ((hash << 5) + hash) + 0;
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__0));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__1));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__2));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__3));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__4));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__5));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__6));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__7));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__8));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__9));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__10));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__11));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__12));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__13));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__14));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__15));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__16));
      return (int) hash;
    }
    public override string ToString() {
      string s = "";
      s += "(";
      s += Dafny.Helpers.ToString(this.__0);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__1);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__2);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__3);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__4);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__5);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__6);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__7);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__8);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__9);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__10);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__11);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__12);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__13);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__14);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__15);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__16);
      s += ")";
      return s;
    }
    public static _System._ITuple17<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15, T16> Default(T0 _default_T0, T1 _default_T1, T2 _default_T2, T3 _default_T3, T4 _default_T4, T5 _default_T5, T6 _default_T6, T7 _default_T7, T8 _default_T8, T9 _default_T9, T10 _default_T10, T11 _default_T11, T12 _default_T12, T13 _default_T13, T14 _default_T14, T15 _default_T15, T16 _default_T16) {
      return create(_default_T0, _default_T1, _default_T2, _default_T3, _default_T4, _default_T5, _default_T6, _default_T7, _default_T8, _default_T9, _default_T10, _default_T11, _default_T12, _default_T13, _default_T14, _default_T15, _default_T16);
    }
    public static Dafny.TypeDescriptor<_System._ITuple17<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15, T16>> _TypeDescriptor(Dafny.TypeDescriptor<T0> _td_T0, Dafny.TypeDescriptor<T1> _td_T1, Dafny.TypeDescriptor<T2> _td_T2, Dafny.TypeDescriptor<T3> _td_T3, Dafny.TypeDescriptor<T4> _td_T4, Dafny.TypeDescriptor<T5> _td_T5, Dafny.TypeDescriptor<T6> _td_T6, Dafny.TypeDescriptor<T7> _td_T7, Dafny.TypeDescriptor<T8> _td_T8, Dafny.TypeDescriptor<T9> _td_T9, Dafny.TypeDescriptor<T10> _td_T10, Dafny.TypeDescriptor<T11> _td_T11, Dafny.TypeDescriptor<T12> _td_T12, Dafny.TypeDescriptor<T13> _td_T13, Dafny.TypeDescriptor<T14> _td_T14, Dafny.TypeDescriptor<T15> _td_T15, Dafny.TypeDescriptor<T16> _td_T16) {
      return new Dafny.TypeDescriptor<_System._ITuple17<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15, T16>>(_System.Tuple17<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15, T16>.Default(_td_T0.Default(), _td_T1.Default(), _td_T2.Default(), _td_T3.Default(), _td_T4.Default(), _td_T5.Default(), _td_T6.Default(), _td_T7.Default(), _td_T8.Default(), _td_T9.Default(), _td_T10.Default(), _td_T11.Default(), _td_T12.Default(), _td_T13.Default(), _td_T14.Default(), _td_T15.Default(), _td_T16.Default()));
    }
    public static _ITuple17<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15, T16> create(T0 _0, T1 _1, T2 _2, T3 _3, T4 _4, T5 _5, T6 _6, T7 _7, T8 _8, T9 _9, T10 _10, T11 _11, T12 _12, T13 _13, T14 _14, T15 _15, T16 _16) {
      return new Tuple17<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15, T16>(_0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14, _15, _16);
    }
    public static _ITuple17<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15, T16> create____hMake17(T0 _0, T1 _1, T2 _2, T3 _3, T4 _4, T5 _5, T6 _6, T7 _7, T8 _8, T9 _9, T10 _10, T11 _11, T12 _12, T13 _13, T14 _14, T15 _15, T16 _16) {
      return create(_0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14, _15, _16);
    }
    public T0 dtor__0 {
      get {
        return this.__0;
      }
    }
    public T1 dtor__1 {
      get {
        return this.__1;
      }
    }
    public T2 dtor__2 {
      get {
        return this.__2;
      }
    }
    public T3 dtor__3 {
      get {
        return this.__3;
      }
    }
    public T4 dtor__4 {
      get {
        return this.__4;
      }
    }
    public T5 dtor__5 {
      get {
        return this.__5;
      }
    }
    public T6 dtor__6 {
      get {
        return this.__6;
      }
    }
    public T7 dtor__7 {
      get {
        return this.__7;
      }
    }
    public T8 dtor__8 {
      get {
        return this.__8;
      }
    }
    public T9 dtor__9 {
      get {
        return this.__9;
      }
    }
    public T10 dtor__10 {
      get {
        return this.__10;
      }
    }
    public T11 dtor__11 {
      get {
        return this.__11;
      }
    }
    public T12 dtor__12 {
      get {
        return this.__12;
      }
    }
    public T13 dtor__13 {
      get {
        return this.__13;
      }
    }
    public T14 dtor__14 {
      get {
        return this.__14;
      }
    }
    public T15 dtor__15 {
      get {
        return this.__15;
      }
    }
    public T16 dtor__16 {
      get {
        return this.__16;
      }
    }
  }

  public interface _ITuple18<out T0, out T1, out T2, out T3, out T4, out T5, out T6, out T7, out T8, out T9, out T10, out T11, out T12, out T13, out T14, out T15, out T16, out T17> {
    T0 dtor__0 { get; }
    T1 dtor__1 { get; }
    T2 dtor__2 { get; }
    T3 dtor__3 { get; }
    T4 dtor__4 { get; }
    T5 dtor__5 { get; }
    T6 dtor__6 { get; }
    T7 dtor__7 { get; }
    T8 dtor__8 { get; }
    T9 dtor__9 { get; }
    T10 dtor__10 { get; }
    T11 dtor__11 { get; }
    T12 dtor__12 { get; }
    T13 dtor__13 { get; }
    T14 dtor__14 { get; }
    T15 dtor__15 { get; }
    T16 dtor__16 { get; }
    T17 dtor__17 { get; }
    _ITuple18<__T0, __T1, __T2, __T3, __T4, __T5, __T6, __T7, __T8, __T9, __T10, __T11, __T12, __T13, __T14, __T15, __T16, __T17> DowncastClone<__T0, __T1, __T2, __T3, __T4, __T5, __T6, __T7, __T8, __T9, __T10, __T11, __T12, __T13, __T14, __T15, __T16, __T17>(Func<T0, __T0> converter0, Func<T1, __T1> converter1, Func<T2, __T2> converter2, Func<T3, __T3> converter3, Func<T4, __T4> converter4, Func<T5, __T5> converter5, Func<T6, __T6> converter6, Func<T7, __T7> converter7, Func<T8, __T8> converter8, Func<T9, __T9> converter9, Func<T10, __T10> converter10, Func<T11, __T11> converter11, Func<T12, __T12> converter12, Func<T13, __T13> converter13, Func<T14, __T14> converter14, Func<T15, __T15> converter15, Func<T16, __T16> converter16, Func<T17, __T17> converter17);
  }
  public class Tuple18<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15, T16, T17> : _ITuple18<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15, T16, T17> {
    public readonly T0 __0;
    public readonly T1 __1;
    public readonly T2 __2;
    public readonly T3 __3;
    public readonly T4 __4;
    public readonly T5 __5;
    public readonly T6 __6;
    public readonly T7 __7;
    public readonly T8 __8;
    public readonly T9 __9;
    public readonly T10 __10;
    public readonly T11 __11;
    public readonly T12 __12;
    public readonly T13 __13;
    public readonly T14 __14;
    public readonly T15 __15;
    public readonly T16 __16;
    public readonly T17 __17;
    public Tuple18(T0 _0, T1 _1, T2 _2, T3 _3, T4 _4, T5 _5, T6 _6, T7 _7, T8 _8, T9 _9, T10 _10, T11 _11, T12 _12, T13 _13, T14 _14, T15 _15, T16 _16, T17 _17) {
      this.__0 = _0;
      this.__1 = _1;
      this.__2 = _2;
      this.__3 = _3;
      this.__4 = _4;
      this.__5 = _5;
      this.__6 = _6;
      this.__7 = _7;
      this.__8 = _8;
      this.__9 = _9;
      this.__10 = _10;
      this.__11 = _11;
      this.__12 = _12;
      this.__13 = _13;
      this.__14 = _14;
      this.__15 = _15;
      this.__16 = _16;
      this.__17 = _17;
    }
    public _ITuple18<__T0, __T1, __T2, __T3, __T4, __T5, __T6, __T7, __T8, __T9, __T10, __T11, __T12, __T13, __T14, __T15, __T16, __T17> DowncastClone<__T0, __T1, __T2, __T3, __T4, __T5, __T6, __T7, __T8, __T9, __T10, __T11, __T12, __T13, __T14, __T15, __T16, __T17>(Func<T0, __T0> converter0, Func<T1, __T1> converter1, Func<T2, __T2> converter2, Func<T3, __T3> converter3, Func<T4, __T4> converter4, Func<T5, __T5> converter5, Func<T6, __T6> converter6, Func<T7, __T7> converter7, Func<T8, __T8> converter8, Func<T9, __T9> converter9, Func<T10, __T10> converter10, Func<T11, __T11> converter11, Func<T12, __T12> converter12, Func<T13, __T13> converter13, Func<T14, __T14> converter14, Func<T15, __T15> converter15, Func<T16, __T16> converter16, Func<T17, __T17> converter17) {
      if (this is _ITuple18<__T0, __T1, __T2, __T3, __T4, __T5, __T6, __T7, __T8, __T9, __T10, __T11, __T12, __T13, __T14, __T15, __T16, __T17> dt) { return dt; }
      return new Tuple18<__T0, __T1, __T2, __T3, __T4, __T5, __T6, __T7, __T8, __T9, __T10, __T11, __T12, __T13, __T14, __T15, __T16, __T17>(converter0(__0), converter1(__1), converter2(__2), converter3(__3), converter4(__4), converter5(__5), converter6(__6), converter7(__7), converter8(__8), converter9(__9), converter10(__10), converter11(__11), converter12(__12), converter13(__13), converter14(__14), converter15(__15), converter16(__16), converter17(__17));
    }
    public override bool Equals(object other) {
      var oth = other as _System.Tuple18<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15, T16, T17>;
      return oth != null && object.Equals(this.__0, oth.__0) && object.Equals(this.__1, oth.__1) && object.Equals(this.__2, oth.__2) && object.Equals(this.__3, oth.__3) && object.Equals(this.__4, oth.__4) && object.Equals(this.__5, oth.__5) && object.Equals(this.__6, oth.__6) && object.Equals(this.__7, oth.__7) && object.Equals(this.__8, oth.__8) && object.Equals(this.__9, oth.__9) && object.Equals(this.__10, oth.__10) && object.Equals(this.__11, oth.__11) && object.Equals(this.__12, oth.__12) && object.Equals(this.__13, oth.__13) && object.Equals(this.__14, oth.__14) && object.Equals(this.__15, oth.__15) && object.Equals(this.__16, oth.__16) && object.Equals(this.__17, oth.__17);
    }
    public override int GetHashCode() {
      ulong hash = 5381;
      hash = ((hash << 5) + hash) + 0;
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__0));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__1));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__2));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__3));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__4));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__5));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__6));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__7));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__8));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__9));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__10));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__11));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__12));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__13));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__14));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__15));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__16));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__17));
      return (int) hash;
    }
    public override string ToString() {
      string s = "";
      s += "(";
      s += Dafny.Helpers.ToString(this.__0);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__1);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__2);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__3);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__4);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__5);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__6);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__7);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__8);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__9);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__10);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__11);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__12);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__13);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__14);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__15);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__16);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__17);
      s += ")";
      return s;
    }
    public static _System._ITuple18<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15, T16, T17> Default(T0 _default_T0, T1 _default_T1, T2 _default_T2, T3 _default_T3, T4 _default_T4, T5 _default_T5, T6 _default_T6, T7 _default_T7, T8 _default_T8, T9 _default_T9, T10 _default_T10, T11 _default_T11, T12 _default_T12, T13 _default_T13, T14 _default_T14, T15 _default_T15, T16 _default_T16, T17 _default_T17) {
      return create(_default_T0, _default_T1, _default_T2, _default_T3, _default_T4, _default_T5, _default_T6, _default_T7, _default_T8, _default_T9, _default_T10, _default_T11, _default_T12, _default_T13, _default_T14, _default_T15, _default_T16, _default_T17);
    }
    public static Dafny.TypeDescriptor<_System._ITuple18<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15, T16, T17>> _TypeDescriptor(Dafny.TypeDescriptor<T0> _td_T0, Dafny.TypeDescriptor<T1> _td_T1, Dafny.TypeDescriptor<T2> _td_T2, Dafny.TypeDescriptor<T3> _td_T3, Dafny.TypeDescriptor<T4> _td_T4, Dafny.TypeDescriptor<T5> _td_T5, Dafny.TypeDescriptor<T6> _td_T6, Dafny.TypeDescriptor<T7> _td_T7, Dafny.TypeDescriptor<T8> _td_T8, Dafny.TypeDescriptor<T9> _td_T9, Dafny.TypeDescriptor<T10> _td_T10, Dafny.TypeDescriptor<T11> _td_T11, Dafny.TypeDescriptor<T12> _td_T12, Dafny.TypeDescriptor<T13> _td_T13, Dafny.TypeDescriptor<T14> _td_T14, Dafny.TypeDescriptor<T15> _td_T15, Dafny.TypeDescriptor<T16> _td_T16, Dafny.TypeDescriptor<T17> _td_T17) {
      return new Dafny.TypeDescriptor<_System._ITuple18<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15, T16, T17>>(_System.Tuple18<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15, T16, T17>.Default(_td_T0.Default(), _td_T1.Default(), _td_T2.Default(), _td_T3.Default(), _td_T4.Default(), _td_T5.Default(), _td_T6.Default(), _td_T7.Default(), _td_T8.Default(), _td_T9.Default(), _td_T10.Default(), _td_T11.Default(), _td_T12.Default(), _td_T13.Default(), _td_T14.Default(), _td_T15.Default(), _td_T16.Default(), _td_T17.Default()));
    }
    public static _ITuple18<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15, T16, T17> create(T0 _0, T1 _1, T2 _2, T3 _3, T4 _4, T5 _5, T6 _6, T7 _7, T8 _8, T9 _9, T10 _10, T11 _11, T12 _12, T13 _13, T14 _14, T15 _15, T16 _16, T17 _17) {
      return new Tuple18<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15, T16, T17>(_0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14, _15, _16, _17);
    }
    public static _ITuple18<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15, T16, T17> create____hMake18(T0 _0, T1 _1, T2 _2, T3 _3, T4 _4, T5 _5, T6 _6, T7 _7, T8 _8, T9 _9, T10 _10, T11 _11, T12 _12, T13 _13, T14 _14, T15 _15, T16 _16, T17 _17) {
      return create(_0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14, _15, _16, _17);
    }
    public T0 dtor__0 {
      get {
        return this.__0;
      }
    }
    public T1 dtor__1 {
      get {
        return this.__1;
      }
    }
    public T2 dtor__2 {
      get {
        return this.__2;
      }
    }
    public T3 dtor__3 {
      get {
        return this.__3;
      }
    }
    public T4 dtor__4 {
      get {
        return this.__4;
      }
    }
    public T5 dtor__5 {
      get {
        return this.__5;
      }
    }
    public T6 dtor__6 {
      get {
        return this.__6;
      }
    }
    public T7 dtor__7 {
      get {
        return this.__7;
      }
    }
    public T8 dtor__8 {
      get {
        return this.__8;
      }
    }
    public T9 dtor__9 {
      get {
        return this.__9;
      }
    }
    public T10 dtor__10 {
      get {
        return this.__10;
      }
    }
    public T11 dtor__11 {
      get {
        return this.__11;
      }
    }
    public T12 dtor__12 {
      get {
        return this.__12;
      }
    }
    public T13 dtor__13 {
      get {
        return this.__13;
      }
    }
    public T14 dtor__14 {
      get {
        return this.__14;
      }
    }
    public T15 dtor__15 {
      get {
        return this.__15;
      }
    }
    public T16 dtor__16 {
      get {
        return this.__16;
      }
    }
    public T17 dtor__17 {
      get {
        return this.__17;
      }
    }
  }

  public interface _ITuple19<out T0, out T1, out T2, out T3, out T4, out T5, out T6, out T7, out T8, out T9, out T10, out T11, out T12, out T13, out T14, out T15, out T16, out T17, out T18> {
    T0 dtor__0 { get; }
    T1 dtor__1 { get; }
    T2 dtor__2 { get; }
    T3 dtor__3 { get; }
    T4 dtor__4 { get; }
    T5 dtor__5 { get; }
    T6 dtor__6 { get; }
    T7 dtor__7 { get; }
    T8 dtor__8 { get; }
    T9 dtor__9 { get; }
    T10 dtor__10 { get; }
    T11 dtor__11 { get; }
    T12 dtor__12 { get; }
    T13 dtor__13 { get; }
    T14 dtor__14 { get; }
    T15 dtor__15 { get; }
    T16 dtor__16 { get; }
    T17 dtor__17 { get; }
    T18 dtor__18 { get; }
    _ITuple19<__T0, __T1, __T2, __T3, __T4, __T5, __T6, __T7, __T8, __T9, __T10, __T11, __T12, __T13, __T14, __T15, __T16, __T17, __T18> DowncastClone<__T0, __T1, __T2, __T3, __T4, __T5, __T6, __T7, __T8, __T9, __T10, __T11, __T12, __T13, __T14, __T15, __T16, __T17, __T18>(Func<T0, __T0> converter0, Func<T1, __T1> converter1, Func<T2, __T2> converter2, Func<T3, __T3> converter3, Func<T4, __T4> converter4, Func<T5, __T5> converter5, Func<T6, __T6> converter6, Func<T7, __T7> converter7, Func<T8, __T8> converter8, Func<T9, __T9> converter9, Func<T10, __T10> converter10, Func<T11, __T11> converter11, Func<T12, __T12> converter12, Func<T13, __T13> converter13, Func<T14, __T14> converter14, Func<T15, __T15> converter15, Func<T16, __T16> converter16, Func<T17, __T17> converter17, Func<T18, __T18> converter18);
  }
  public class Tuple19<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15, T16, T17, T18> : _ITuple19<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15, T16, T17, T18> {
    public readonly T0 __0;
    public readonly T1 __1;
    public readonly T2 __2;
    public readonly T3 __3;
    public readonly T4 __4;
    public readonly T5 __5;
    public readonly T6 __6;
    public readonly T7 __7;
    public readonly T8 __8;
    public readonly T9 __9;
    public readonly T10 __10;
    public readonly T11 __11;
    public readonly T12 __12;
    public readonly T13 __13;
    public readonly T14 __14;
    public readonly T15 __15;
    public readonly T16 __16;
    public readonly T17 __17;
    public readonly T18 __18;
    public Tuple19(T0 _0, T1 _1, T2 _2, T3 _3, T4 _4, T5 _5, T6 _6, T7 _7, T8 _8, T9 _9, T10 _10, T11 _11, T12 _12, T13 _13, T14 _14, T15 _15, T16 _16, T17 _17, T18 _18) {
      this.__0 = _0;
      this.__1 = _1;
      this.__2 = _2;
      this.__3 = _3;
      this.__4 = _4;
      this.__5 = _5;
      this.__6 = _6;
      this.__7 = _7;
      this.__8 = _8;
      this.__9 = _9;
      this.__10 = _10;
      this.__11 = _11;
      this.__12 = _12;
      this.__13 = _13;
      this.__14 = _14;
      this.__15 = _15;
      this.__16 = _16;
      this.__17 = _17;
      this.__18 = _18;
    }
    public _ITuple19<__T0, __T1, __T2, __T3, __T4, __T5, __T6, __T7, __T8, __T9, __T10, __T11, __T12, __T13, __T14, __T15, __T16, __T17, __T18> DowncastClone<__T0, __T1, __T2, __T3, __T4, __T5, __T6, __T7, __T8, __T9, __T10, __T11, __T12, __T13, __T14, __T15, __T16, __T17, __T18>(Func<T0, __T0> converter0, Func<T1, __T1> converter1, Func<T2, __T2> converter2, Func<T3, __T3> converter3, Func<T4, __T4> converter4, Func<T5, __T5> converter5, Func<T6, __T6> converter6, Func<T7, __T7> converter7, Func<T8, __T8> converter8, Func<T9, __T9> converter9, Func<T10, __T10> converter10, Func<T11, __T11> converter11, Func<T12, __T12> converter12, Func<T13, __T13> converter13, Func<T14, __T14> converter14, Func<T15, __T15> converter15, Func<T16, __T16> converter16, Func<T17, __T17> converter17, Func<T18, __T18> converter18) {
      if (this is _ITuple19<__T0, __T1, __T2, __T3, __T4, __T5, __T6, __T7, __T8, __T9, __T10, __T11, __T12, __T13, __T14, __T15, __T16, __T17, __T18> dt) { return dt; }
      return new Tuple19<__T0, __T1, __T2, __T3, __T4, __T5, __T6, __T7, __T8, __T9, __T10, __T11, __T12, __T13, __T14, __T15, __T16, __T17, __T18>(converter0(__0), converter1(__1), converter2(__2), converter3(__3), converter4(__4), converter5(__5), converter6(__6), converter7(__7), converter8(__8), converter9(__9), converter10(__10), converter11(__11), converter12(__12), converter13(__13), converter14(__14), converter15(__15), converter16(__16), converter17(__17), converter18(__18));
    }
    public override bool Equals(object other) {
      var oth = other as _System.Tuple19<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15, T16, T17, T18>;
      return oth != null && object.Equals(this.__0, oth.__0) && object.Equals(this.__1, oth.__1) && object.Equals(this.__2, oth.__2) && object.Equals(this.__3, oth.__3) && object.Equals(this.__4, oth.__4) && object.Equals(this.__5, oth.__5) && object.Equals(this.__6, oth.__6) && object.Equals(this.__7, oth.__7) && object.Equals(this.__8, oth.__8) && object.Equals(this.__9, oth.__9) && object.Equals(this.__10, oth.__10) && object.Equals(this.__11, oth.__11) && object.Equals(this.__12, oth.__12) && object.Equals(this.__13, oth.__13) && object.Equals(this.__14, oth.__14) && object.Equals(this.__15, oth.__15) && object.Equals(this.__16, oth.__16) && object.Equals(this.__17, oth.__17) && object.Equals(this.__18, oth.__18);
    }
    public override int GetHashCode() {
      ulong hash = 5381;
      hash = ((hash << 5) + hash) + 0;
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__0));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__1));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__2));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__3));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__4));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__5));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__6));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__7));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__8));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__9));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__10));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__11));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__12));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__13));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__14));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__15));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__16));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__17));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__18));
      return (int) hash;
    }
    public override string ToString() {
      string s = "";
      s += "(";
      s += Dafny.Helpers.ToString(this.__0);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__1);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__2);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__3);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__4);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__5);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__6);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__7);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__8);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__9);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__10);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__11);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__12);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__13);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__14);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__15);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__16);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__17);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__18);
      s += ")";
      return s;
    }
    public static _System._ITuple19<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15, T16, T17, T18> Default(T0 _default_T0, T1 _default_T1, T2 _default_T2, T3 _default_T3, T4 _default_T4, T5 _default_T5, T6 _default_T6, T7 _default_T7, T8 _default_T8, T9 _default_T9, T10 _default_T10, T11 _default_T11, T12 _default_T12, T13 _default_T13, T14 _default_T14, T15 _default_T15, T16 _default_T16, T17 _default_T17, T18 _default_T18) {
      return create(_default_T0, _default_T1, _default_T2, _default_T3, _default_T4, _default_T5, _default_T6, _default_T7, _default_T8, _default_T9, _default_T10, _default_T11, _default_T12, _default_T13, _default_T14, _default_T15, _default_T16, _default_T17, _default_T18);
    }
    public static Dafny.TypeDescriptor<_System._ITuple19<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15, T16, T17, T18>> _TypeDescriptor(Dafny.TypeDescriptor<T0> _td_T0, Dafny.TypeDescriptor<T1> _td_T1, Dafny.TypeDescriptor<T2> _td_T2, Dafny.TypeDescriptor<T3> _td_T3, Dafny.TypeDescriptor<T4> _td_T4, Dafny.TypeDescriptor<T5> _td_T5, Dafny.TypeDescriptor<T6> _td_T6, Dafny.TypeDescriptor<T7> _td_T7, Dafny.TypeDescriptor<T8> _td_T8, Dafny.TypeDescriptor<T9> _td_T9, Dafny.TypeDescriptor<T10> _td_T10, Dafny.TypeDescriptor<T11> _td_T11, Dafny.TypeDescriptor<T12> _td_T12, Dafny.TypeDescriptor<T13> _td_T13, Dafny.TypeDescriptor<T14> _td_T14, Dafny.TypeDescriptor<T15> _td_T15, Dafny.TypeDescriptor<T16> _td_T16, Dafny.TypeDescriptor<T17> _td_T17, Dafny.TypeDescriptor<T18> _td_T18) {
      return new Dafny.TypeDescriptor<_System._ITuple19<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15, T16, T17, T18>>(_System.Tuple19<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15, T16, T17, T18>.Default(_td_T0.Default(), _td_T1.Default(), _td_T2.Default(), _td_T3.Default(), _td_T4.Default(), _td_T5.Default(), _td_T6.Default(), _td_T7.Default(), _td_T8.Default(), _td_T9.Default(), _td_T10.Default(), _td_T11.Default(), _td_T12.Default(), _td_T13.Default(), _td_T14.Default(), _td_T15.Default(), _td_T16.Default(), _td_T17.Default(), _td_T18.Default()));
    }
    public static _ITuple19<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15, T16, T17, T18> create(T0 _0, T1 _1, T2 _2, T3 _3, T4 _4, T5 _5, T6 _6, T7 _7, T8 _8, T9 _9, T10 _10, T11 _11, T12 _12, T13 _13, T14 _14, T15 _15, T16 _16, T17 _17, T18 _18) {
      return new Tuple19<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15, T16, T17, T18>(_0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14, _15, _16, _17, _18);
    }
    public static _ITuple19<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15, T16, T17, T18> create____hMake19(T0 _0, T1 _1, T2 _2, T3 _3, T4 _4, T5 _5, T6 _6, T7 _7, T8 _8, T9 _9, T10 _10, T11 _11, T12 _12, T13 _13, T14 _14, T15 _15, T16 _16, T17 _17, T18 _18) {
      return create(_0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14, _15, _16, _17, _18);
    }
    public T0 dtor__0 {
      get {
        return this.__0;
      }
    }
    public T1 dtor__1 {
      get {
        return this.__1;
      }
    }
    public T2 dtor__2 {
      get {
        return this.__2;
      }
    }
    public T3 dtor__3 {
      get {
        return this.__3;
      }
    }
    public T4 dtor__4 {
      get {
        return this.__4;
      }
    }
    public T5 dtor__5 {
      get {
        return this.__5;
      }
    }
    public T6 dtor__6 {
      get {
        return this.__6;
      }
    }
    public T7 dtor__7 {
      get {
        return this.__7;
      }
    }
    public T8 dtor__8 {
      get {
        return this.__8;
      }
    }
    public T9 dtor__9 {
      get {
        return this.__9;
      }
    }
    public T10 dtor__10 {
      get {
        return this.__10;
      }
    }
    public T11 dtor__11 {
      get {
        return this.__11;
      }
    }
    public T12 dtor__12 {
      get {
        return this.__12;
      }
    }
    public T13 dtor__13 {
      get {
        return this.__13;
      }
    }
    public T14 dtor__14 {
      get {
        return this.__14;
      }
    }
    public T15 dtor__15 {
      get {
        return this.__15;
      }
    }
    public T16 dtor__16 {
      get {
        return this.__16;
      }
    }
    public T17 dtor__17 {
      get {
        return this.__17;
      }
    }
    public T18 dtor__18 {
      get {
        return this.__18;
      }
    }
  }

  public interface _ITuple20<out T0, out T1, out T2, out T3, out T4, out T5, out T6, out T7, out T8, out T9, out T10, out T11, out T12, out T13, out T14, out T15, out T16, out T17, out T18, out T19> {
    T0 dtor__0 { get; }
    T1 dtor__1 { get; }
    T2 dtor__2 { get; }
    T3 dtor__3 { get; }
    T4 dtor__4 { get; }
    T5 dtor__5 { get; }
    T6 dtor__6 { get; }
    T7 dtor__7 { get; }
    T8 dtor__8 { get; }
    T9 dtor__9 { get; }
    T10 dtor__10 { get; }
    T11 dtor__11 { get; }
    T12 dtor__12 { get; }
    T13 dtor__13 { get; }
    T14 dtor__14 { get; }
    T15 dtor__15 { get; }
    T16 dtor__16 { get; }
    T17 dtor__17 { get; }
    T18 dtor__18 { get; }
    T19 dtor__19 { get; }
    _ITuple20<__T0, __T1, __T2, __T3, __T4, __T5, __T6, __T7, __T8, __T9, __T10, __T11, __T12, __T13, __T14, __T15, __T16, __T17, __T18, __T19> DowncastClone<__T0, __T1, __T2, __T3, __T4, __T5, __T6, __T7, __T8, __T9, __T10, __T11, __T12, __T13, __T14, __T15, __T16, __T17, __T18, __T19>(Func<T0, __T0> converter0, Func<T1, __T1> converter1, Func<T2, __T2> converter2, Func<T3, __T3> converter3, Func<T4, __T4> converter4, Func<T5, __T5> converter5, Func<T6, __T6> converter6, Func<T7, __T7> converter7, Func<T8, __T8> converter8, Func<T9, __T9> converter9, Func<T10, __T10> converter10, Func<T11, __T11> converter11, Func<T12, __T12> converter12, Func<T13, __T13> converter13, Func<T14, __T14> converter14, Func<T15, __T15> converter15, Func<T16, __T16> converter16, Func<T17, __T17> converter17, Func<T18, __T18> converter18, Func<T19, __T19> converter19);
  }
  public class Tuple20<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15, T16, T17, T18, T19> : _ITuple20<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15, T16, T17, T18, T19> {
    public readonly T0 __0;
    public readonly T1 __1;
    public readonly T2 __2;
    public readonly T3 __3;
    public readonly T4 __4;
    public readonly T5 __5;
    public readonly T6 __6;
    public readonly T7 __7;
    public readonly T8 __8;
    public readonly T9 __9;
    public readonly T10 __10;
    public readonly T11 __11;
    public readonly T12 __12;
    public readonly T13 __13;
    public readonly T14 __14;
    public readonly T15 __15;
    public readonly T16 __16;
    public readonly T17 __17;
    public readonly T18 __18;
    public readonly T19 __19;
    public Tuple20(T0 _0, T1 _1, T2 _2, T3 _3, T4 _4, T5 _5, T6 _6, T7 _7, T8 _8, T9 _9, T10 _10, T11 _11, T12 _12, T13 _13, T14 _14, T15 _15, T16 _16, T17 _17, T18 _18, T19 _19) {
      this.__0 = _0;
      this.__1 = _1;
      this.__2 = _2;
      this.__3 = _3;
      this.__4 = _4;
      this.__5 = _5;
      this.__6 = _6;
      this.__7 = _7;
      this.__8 = _8;
      this.__9 = _9;
      this.__10 = _10;
      this.__11 = _11;
      this.__12 = _12;
      this.__13 = _13;
      this.__14 = _14;
      this.__15 = _15;
      this.__16 = _16;
      this.__17 = _17;
      this.__18 = _18;
      this.__19 = _19;
    }
    public _ITuple20<__T0, __T1, __T2, __T3, __T4, __T5, __T6, __T7, __T8, __T9, __T10, __T11, __T12, __T13, __T14, __T15, __T16, __T17, __T18, __T19> DowncastClone<__T0, __T1, __T2, __T3, __T4, __T5, __T6, __T7, __T8, __T9, __T10, __T11, __T12, __T13, __T14, __T15, __T16, __T17, __T18, __T19>(Func<T0, __T0> converter0, Func<T1, __T1> converter1, Func<T2, __T2> converter2, Func<T3, __T3> converter3, Func<T4, __T4> converter4, Func<T5, __T5> converter5, Func<T6, __T6> converter6, Func<T7, __T7> converter7, Func<T8, __T8> converter8, Func<T9, __T9> converter9, Func<T10, __T10> converter10, Func<T11, __T11> converter11, Func<T12, __T12> converter12, Func<T13, __T13> converter13, Func<T14, __T14> converter14, Func<T15, __T15> converter15, Func<T16, __T16> converter16, Func<T17, __T17> converter17, Func<T18, __T18> converter18, Func<T19, __T19> converter19) {
      if (this is _ITuple20<__T0, __T1, __T2, __T3, __T4, __T5, __T6, __T7, __T8, __T9, __T10, __T11, __T12, __T13, __T14, __T15, __T16, __T17, __T18, __T19> dt) { return dt; }
      return new Tuple20<__T0, __T1, __T2, __T3, __T4, __T5, __T6, __T7, __T8, __T9, __T10, __T11, __T12, __T13, __T14, __T15, __T16, __T17, __T18, __T19>(converter0(__0), converter1(__1), converter2(__2), converter3(__3), converter4(__4), converter5(__5), converter6(__6), converter7(__7), converter8(__8), converter9(__9), converter10(__10), converter11(__11), converter12(__12), converter13(__13), converter14(__14), converter15(__15), converter16(__16), converter17(__17), converter18(__18), converter19(__19));
    }
    public override bool Equals(object other) {
      var oth = other as _System.Tuple20<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15, T16, T17, T18, T19>;
      return oth != null && object.Equals(this.__0, oth.__0) && object.Equals(this.__1, oth.__1) && object.Equals(this.__2, oth.__2) && object.Equals(this.__3, oth.__3) && object.Equals(this.__4, oth.__4) && object.Equals(this.__5, oth.__5) && object.Equals(this.__6, oth.__6) && object.Equals(this.__7, oth.__7) && object.Equals(this.__8, oth.__8) && object.Equals(this.__9, oth.__9) && object.Equals(this.__10, oth.__10) && object.Equals(this.__11, oth.__11) && object.Equals(this.__12, oth.__12) && object.Equals(this.__13, oth.__13) && object.Equals(this.__14, oth.__14) && object.Equals(this.__15, oth.__15) && object.Equals(this.__16, oth.__16) && object.Equals(this.__17, oth.__17) && object.Equals(this.__18, oth.__18) && object.Equals(this.__19, oth.__19);
    }
    public override int GetHashCode() {
      ulong hash = 5381;
      hash = ((hash << 5) + hash) + 0;
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__0));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__1));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__2));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__3));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__4));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__5));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__6));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__7));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__8));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__9));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__10));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__11));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__12));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__13));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__14));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__15));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__16));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__17));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__18));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this.__19));
      return (int) hash;
    }
    public override string ToString() {
      string s = "";
      s += "(";
      s += Dafny.Helpers.ToString(this.__0);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__1);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__2);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__3);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__4);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__5);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__6);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__7);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__8);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__9);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__10);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__11);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__12);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__13);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__14);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__15);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__16);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__17);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__18);
      s += ", ";
      s += Dafny.Helpers.ToString(this.__19);
      s += ")";
      return s;
    }
    public static _System._ITuple20<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15, T16, T17, T18, T19> Default(T0 _default_T0, T1 _default_T1, T2 _default_T2, T3 _default_T3, T4 _default_T4, T5 _default_T5, T6 _default_T6, T7 _default_T7, T8 _default_T8, T9 _default_T9, T10 _default_T10, T11 _default_T11, T12 _default_T12, T13 _default_T13, T14 _default_T14, T15 _default_T15, T16 _default_T16, T17 _default_T17, T18 _default_T18, T19 _default_T19) {
      return create(_default_T0, _default_T1, _default_T2, _default_T3, _default_T4, _default_T5, _default_T6, _default_T7, _default_T8, _default_T9, _default_T10, _default_T11, _default_T12, _default_T13, _default_T14, _default_T15, _default_T16, _default_T17, _default_T18, _default_T19);
    }
    public static Dafny.TypeDescriptor<_System._ITuple20<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15, T16, T17, T18, T19>> _TypeDescriptor(Dafny.TypeDescriptor<T0> _td_T0, Dafny.TypeDescriptor<T1> _td_T1, Dafny.TypeDescriptor<T2> _td_T2, Dafny.TypeDescriptor<T3> _td_T3, Dafny.TypeDescriptor<T4> _td_T4, Dafny.TypeDescriptor<T5> _td_T5, Dafny.TypeDescriptor<T6> _td_T6, Dafny.TypeDescriptor<T7> _td_T7, Dafny.TypeDescriptor<T8> _td_T8, Dafny.TypeDescriptor<T9> _td_T9, Dafny.TypeDescriptor<T10> _td_T10, Dafny.TypeDescriptor<T11> _td_T11, Dafny.TypeDescriptor<T12> _td_T12, Dafny.TypeDescriptor<T13> _td_T13, Dafny.TypeDescriptor<T14> _td_T14, Dafny.TypeDescriptor<T15> _td_T15, Dafny.TypeDescriptor<T16> _td_T16, Dafny.TypeDescriptor<T17> _td_T17, Dafny.TypeDescriptor<T18> _td_T18, Dafny.TypeDescriptor<T19> _td_T19) {
      return new Dafny.TypeDescriptor<_System._ITuple20<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15, T16, T17, T18, T19>>(_System.Tuple20<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15, T16, T17, T18, T19>.Default(_td_T0.Default(), _td_T1.Default(), _td_T2.Default(), _td_T3.Default(), _td_T4.Default(), _td_T5.Default(), _td_T6.Default(), _td_T7.Default(), _td_T8.Default(), _td_T9.Default(), _td_T10.Default(), _td_T11.Default(), _td_T12.Default(), _td_T13.Default(), _td_T14.Default(), _td_T15.Default(), _td_T16.Default(), _td_T17.Default(), _td_T18.Default(), _td_T19.Default()));
    }
    public static _ITuple20<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15, T16, T17, T18, T19> create(T0 _0, T1 _1, T2 _2, T3 _3, T4 _4, T5 _5, T6 _6, T7 _7, T8 _8, T9 _9, T10 _10, T11 _11, T12 _12, T13 _13, T14 _14, T15 _15, T16 _16, T17 _17, T18 _18, T19 _19) {
      return new Tuple20<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15, T16, T17, T18, T19>(_0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14, _15, _16, _17, _18, _19);
    }
    public static _ITuple20<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15, T16, T17, T18, T19> create____hMake20(T0 _0, T1 _1, T2 _2, T3 _3, T4 _4, T5 _5, T6 _6, T7 _7, T8 _8, T9 _9, T10 _10, T11 _11, T12 _12, T13 _13, T14 _14, T15 _15, T16 _16, T17 _17, T18 _18, T19 _19) {
      return create(_0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14, _15, _16, _17, _18, _19);
    }
    public T0 dtor__0 {
      get {
        return this.__0;
      }
    }
    public T1 dtor__1 {
      get {
        return this.__1;
      }
    }
    public T2 dtor__2 {
      get {
        return this.__2;
      }
    }
    public T3 dtor__3 {
      get {
        return this.__3;
      }
    }
    public T4 dtor__4 {
      get {
        return this.__4;
      }
    }
    public T5 dtor__5 {
      get {
        return this.__5;
      }
    }
    public T6 dtor__6 {
      get {
        return this.__6;
      }
    }
    public T7 dtor__7 {
      get {
        return this.__7;
      }
    }
    public T8 dtor__8 {
      get {
        return this.__8;
      }
    }
    public T9 dtor__9 {
      get {
        return this.__9;
      }
    }
    public T10 dtor__10 {
      get {
        return this.__10;
      }
    }
    public T11 dtor__11 {
      get {
        return this.__11;
      }
    }
    public T12 dtor__12 {
      get {
        return this.__12;
      }
    }
    public T13 dtor__13 {
      get {
        return this.__13;
      }
    }
    public T14 dtor__14 {
      get {
        return this.__14;
      }
    }
    public T15 dtor__15 {
      get {
        return this.__15;
      }
    }
    public T16 dtor__16 {
      get {
        return this.__16;
      }
    }
    public T17 dtor__17 {
      get {
        return this.__17;
      }
    }
    public T18 dtor__18 {
      get {
        return this.__18;
      }
    }
    public T19 dtor__19 {
      get {
        return this.__19;
      }
    }
  }
} // end of namespace _System
namespace Dafny {
  internal class ArrayHelpers {
    public static T[] InitNewArray1<T>(T z, BigInteger size0) {
      int s0 = (int)size0;
      T[] a = new T[s0];
      for (int i0 = 0; i0 < s0; i0++) {
        a[i0] = z;
      }
      return a;
    }
  }
} // end of namespace Dafny
internal static class FuncExtensions {
  public static Func<UResult> DowncastClone<TResult, UResult>(this Func<TResult> F, Func<TResult, UResult> ResConv) {
    return () => ResConv(F());
  }
  public static Func<U, UResult> DowncastClone<T, TResult, U, UResult>(this Func<T, TResult> F, Func<U, T> ArgConv, Func<TResult, UResult> ResConv) {
    return arg => ResConv(F(ArgConv(arg)));
  }
  public static Func<U1, U2, UResult> DowncastClone<T1, T2, TResult, U1, U2, UResult>(this Func<T1, T2, TResult> F, Func<U1, T1> ArgConv1, Func<U2, T2> ArgConv2, Func<TResult, UResult> ResConv) {
    return (arg1, arg2) => ResConv(F(ArgConv1(arg1), ArgConv2(arg2)));
  }
  public static Func<U1, U2, U3, UResult> DowncastClone<T1, T2, T3, TResult, U1, U2, U3, UResult>(this Func<T1, T2, T3, TResult> F, Func<U1, T1> ArgConv1, Func<U2, T2> ArgConv2, Func<U3, T3> ArgConv3, Func<TResult, UResult> ResConv) {
    return (arg1, arg2, arg3) => ResConv(F(ArgConv1(arg1), ArgConv2(arg2), ArgConv3(arg3)));
  }
  public static Func<U1, U2, U3, U4, UResult> DowncastClone<T1, T2, T3, T4, TResult, U1, U2, U3, U4, UResult>(this Func<T1, T2, T3, T4, TResult> F, Func<U1, T1> ArgConv1, Func<U2, T2> ArgConv2, Func<U3, T3> ArgConv3, Func<U4, T4> ArgConv4, Func<TResult, UResult> ResConv) {
    return (arg1, arg2, arg3, arg4) => ResConv(F(ArgConv1(arg1), ArgConv2(arg2), ArgConv3(arg3), ArgConv4(arg4)));
  }
  public static Func<U1, U2, U3, U4, U5, UResult> DowncastClone<T1, T2, T3, T4, T5, TResult, U1, U2, U3, U4, U5, UResult>(this Func<T1, T2, T3, T4, T5, TResult> F, Func<U1, T1> ArgConv1, Func<U2, T2> ArgConv2, Func<U3, T3> ArgConv3, Func<U4, T4> ArgConv4, Func<U5, T5> ArgConv5, Func<TResult, UResult> ResConv) {
    return (arg1, arg2, arg3, arg4, arg5) => ResConv(F(ArgConv1(arg1), ArgConv2(arg2), ArgConv3(arg3), ArgConv4(arg4), ArgConv5(arg5)));
  }
}
// end of class FuncExtensions
namespace BlockArithmetic {

  public partial class __default {
    public static BigInteger Pow2(BigInteger k) {
      BigInteger _0___accumulator = BigInteger.One;
    TAIL_CALL_START: ;
      if ((k).Sign == 0) {
        return (BigInteger.One) * (_0___accumulator);
      } else {
        _0___accumulator = (_0___accumulator) * (new BigInteger(2));
        BigInteger _in0 = (k) - (BigInteger.One);
        k = _in0;
        goto TAIL_CALL_START;
      }
    }
    public static bool Aligned(BigInteger b, BigInteger k)
    {
      return (Dafny.Helpers.EuclideanModulus(b, BlockArithmetic.__default.Pow2(k))).Sign == 0;
    }
    public static BigInteger Min(BigInteger a, BigInteger b)
    {
      if ((a) <= (b)) {
        return a;
      } else {
        return b;
      }
    }
    public static BigInteger Max(BigInteger a, BigInteger b)
    {
      if ((a) <= (b)) {
        return b;
      } else {
        return a;
      }
    }
    public static BigInteger BuddyOf(BigInteger b, BigInteger k)
    {
      if ((Dafny.Helpers.EuclideanModulus(Dafny.Helpers.EuclideanDivision(b, BlockArithmetic.__default.Pow2(k)), new BigInteger(2))).Sign == 0) {
        return (b) + (BlockArithmetic.__default.Pow2(k));
      } else {
        return (b) - (BlockArithmetic.__default.Pow2(k));
      }
    }
    public static BigInteger ParentOf(BigInteger b, BigInteger k)
    {
      return (b) - (Dafny.Helpers.EuclideanModulus(b, BlockArithmetic.__default.Pow2((k) + (BigInteger.One))));
    }
    public static bool Fits(BigInteger p, BigInteger e, BigInteger j)
    {
      return (BlockArithmetic.__default.Aligned(p, j)) && (((p) + (BlockArithmetic.__default.Pow2(j))) <= (e));
    }
    public static BigInteger LargestOrder(BigInteger p, BigInteger e, BigInteger K)
    {
      return BlockArithmetic.__default.LargestOrderFrom(p, e, K, BigInteger.Zero);
    }
    public static BigInteger LargestOrderFrom(BigInteger p, BigInteger e, BigInteger K, BigInteger j)
    {
    TAIL_CALL_START: ;
      if (((j) < (K)) && (BlockArithmetic.__default.Fits(p, e, (j) + (BigInteger.One)))) {
        BigInteger _in0 = p;
        BigInteger _in1 = e;
        BigInteger _in2 = K;
        BigInteger _in3 = (j) + (BigInteger.One);
        p = _in0;
        e = _in1;
        K = _in2;
        j = _in3;
        goto TAIL_CALL_START;
      } else {
        return j;
      }
    }
    public static BigInteger OrderFor(BigInteger n) {
      return BlockArithmetic.__default.OrderFrom(n, BigInteger.Zero);
    }
    public static BigInteger OrderFrom(BigInteger n, BigInteger k)
    {
    TAIL_CALL_START: ;
      if ((BlockArithmetic.__default.Pow2(k)) >= (n)) {
        return k;
      } else {
        BigInteger _in0 = n;
        BigInteger _in1 = (k) + (BigInteger.One);
        n = _in0;
        k = _in1;
        goto TAIL_CALL_START;
      }
    }
  }
} // end of namespace BlockArithmetic
namespace BuddyState {

  public partial class __default {
    public static bool IsPowerOfTwo(BigInteger n) {
      return ((n) == (BigInteger.One)) || ((((n) >= (new BigInteger(2))) && ((Dafny.Helpers.EuclideanModulus(n, new BigInteger(2))).Sign == 0)) && (BuddyState.__default.IsPowerOfTwo(Dafny.Helpers.EuclideanDivision(n, new BigInteger(2)))));
    }
    public static bool ConfigOk(BigInteger pageSize, BigInteger K)
    {
      return (BuddyState.__default.IsPowerOfTwo(pageSize)) && (((pageSize) * (BlockArithmetic.__default.Pow2(K))) <= (BuddyState.__default.MaxBlockBytes));
    }
    public static bool InSpan(BigInteger p, BigInteger lo, BigInteger hi)
    {
      return ((lo) <= (p)) && ((p) < (hi));
    }
    public static Dafny.ISet<BigInteger> Span(BigInteger lo, BigInteger hi)
    {
      Dafny.ISet<BigInteger> _hresult = Dafny.Set<BigInteger>.Empty;
      Dafny.ISet<BigInteger> _0_pages;
      _0_pages = Dafny.Set<BigInteger>.FromElements();
      BigInteger _1_p;
      _1_p = lo;
      while ((_1_p) < (hi)) {
        _0_pages = Dafny.Set<BigInteger>.Union(_0_pages, Dafny.Set<BigInteger>.FromElements(_1_p));
        _1_p = (_1_p) + (BigInteger.One);
      }
      _hresult = _0_pages;
      return _hresult;
      return _hresult;
    }
    public static Dafny.ISet<BigInteger> Block(BigInteger b, BigInteger k)
    {
      return BuddyState.__default.Span(b, (b) + (BlockArithmetic.__default.Pow2(k)));
    }
    public static bool InRange(BuddyState._IRange r, BigInteger b, BigInteger k)
    {
      return (((r).dtor_lo) <= (b)) && (((b) + (BlockArithmetic.__default.Pow2(k))) <= ((r).dtor_hi));
    }
    public static Dafny.ISequence<__T> RemoveAt<__T>(Dafny.ISequence<__T> l, BigInteger i)
    {
      return Dafny.Sequence<__T>.Concat((l).Take(i), (l).Drop((i) + (BigInteger.One)));
    }
    public static BigInteger IndexOf(Dafny.ISequence<BigInteger> l, BigInteger x)
    {
      return BuddyState.__default.IndexFrom(l, x, BigInteger.Zero);
    }
    public static BigInteger IndexFrom(Dafny.ISequence<BigInteger> l, BigInteger x, BigInteger i)
    {
    TAIL_CALL_START: ;
      if (((l).Select(i)) == (x)) {
        return i;
      } else {
        Dafny.ISequence<BigInteger> _in0 = l;
        BigInteger _in1 = x;
        BigInteger _in2 = (i) + (BigInteger.One);
        l = _in0;
        x = _in1;
        i = _in2;
        goto TAIL_CALL_START;
      }
    }
    public static BuddyState._IState PushHead(BuddyState._IState s, BigInteger k, BigInteger b)
    {
      BuddyState._IState _0_dt__update__tmp_h0 = s;
      Dafny.ISequence<Dafny.ISequence<BigInteger>> _1_dt__update_hlists_h0 = Dafny.Sequence<Dafny.ISequence<BigInteger>>.Update((s).dtor_lists, k, Dafny.Sequence<BigInteger>.Concat(Dafny.Sequence<BigInteger>.FromElements(b), ((s).dtor_lists).Select(k)));
      return BuddyState.State.create((_0_dt__update__tmp_h0).dtor_pageSize, (_0_dt__update__tmp_h0).dtor_K, (_0_dt__update__tmp_h0).dtor_ranges, _1_dt__update_hlists_h0, (_0_dt__update__tmp_h0).dtor_alloc);
    }
    public static BuddyState._IState AppendTail(BuddyState._IState s, BigInteger k, BigInteger b)
    {
      BuddyState._IState _0_dt__update__tmp_h0 = s;
      Dafny.ISequence<Dafny.ISequence<BigInteger>> _1_dt__update_hlists_h0 = Dafny.Sequence<Dafny.ISequence<BigInteger>>.Update((s).dtor_lists, k, Dafny.Sequence<BigInteger>.Concat(((s).dtor_lists).Select(k), Dafny.Sequence<BigInteger>.FromElements(b)));
      return BuddyState.State.create((_0_dt__update__tmp_h0).dtor_pageSize, (_0_dt__update__tmp_h0).dtor_K, (_0_dt__update__tmp_h0).dtor_ranges, _1_dt__update_hlists_h0, (_0_dt__update__tmp_h0).dtor_alloc);
    }
    public static BuddyState._IState PopHead(BuddyState._IState s, BigInteger k)
    {
      BuddyState._IState _0_dt__update__tmp_h0 = s;
      Dafny.ISequence<Dafny.ISequence<BigInteger>> _1_dt__update_hlists_h0 = Dafny.Sequence<Dafny.ISequence<BigInteger>>.Update((s).dtor_lists, k, (((s).dtor_lists).Select(k)).Drop(BigInteger.One));
      return BuddyState.State.create((_0_dt__update__tmp_h0).dtor_pageSize, (_0_dt__update__tmp_h0).dtor_K, (_0_dt__update__tmp_h0).dtor_ranges, _1_dt__update_hlists_h0, (_0_dt__update__tmp_h0).dtor_alloc);
    }
    public static BuddyState._IState Unlink(BuddyState._IState s, BigInteger k, BigInteger b)
    {
      BigInteger _0_i = BuddyState.__default.IndexOf(((s).dtor_lists).Select(k), b);
      BuddyState._IState _1_dt__update__tmp_h0 = s;
      Dafny.ISequence<Dafny.ISequence<BigInteger>> _2_dt__update_hlists_h0 = Dafny.Sequence<Dafny.ISequence<BigInteger>>.Update((s).dtor_lists, k, BuddyState.__default.RemoveAt<BigInteger>(((s).dtor_lists).Select(k), _0_i));
      return BuddyState.State.create((_1_dt__update__tmp_h0).dtor_pageSize, (_1_dt__update__tmp_h0).dtor_K, (_1_dt__update__tmp_h0).dtor_ranges, _2_dt__update_hlists_h0, (_1_dt__update__tmp_h0).dtor_alloc);
    }
    public static BuddyState._IState Note(BuddyState._IState s, BuddyState._IEvent e)
    {
      BuddyState._IState _0_dt__update__tmp_h0 = s;
      return BuddyState.State.create((_0_dt__update__tmp_h0).dtor_pageSize, (_0_dt__update__tmp_h0).dtor_K, (_0_dt__update__tmp_h0).dtor_ranges, (_0_dt__update__tmp_h0).dtor_lists, (_0_dt__update__tmp_h0).dtor_alloc);
    }
    public static BigInteger MaxBlockBytes { get {
      return new BigInteger(1073741824);
    } }
  }

  public interface _IRange {
    bool is_Range { get; }
    BigInteger dtor_lo { get; }
    BigInteger dtor_hi { get; }
    _IRange DowncastClone();
  }
  public class Range : _IRange {
    public readonly BigInteger _lo;
    public readonly BigInteger _hi;
    public Range(BigInteger lo, BigInteger hi) {
      this._lo = lo;
      this._hi = hi;
    }
    public _IRange DowncastClone() {
      if (this is _IRange dt) { return dt; }
      return new Range(_lo, _hi);
    }
    public override bool Equals(object other) {
      var oth = other as BuddyState.Range;
      return oth != null && this._lo == oth._lo && this._hi == oth._hi;
    }
    public override int GetHashCode() {
      ulong hash = 5381;
      hash = ((hash << 5) + hash) + 0;
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this._lo));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this._hi));
      return (int) hash;
    }
    public override string ToString() {
      string s = "BuddyState.Range.Range";
      s += "(";
      s += Dafny.Helpers.ToString(this._lo);
      s += ", ";
      s += Dafny.Helpers.ToString(this._hi);
      s += ")";
      return s;
    }
    private static readonly BuddyState._IRange theDefault = create(BigInteger.Zero, BigInteger.Zero);
    public static BuddyState._IRange Default() {
      return theDefault;
    }
    private static readonly Dafny.TypeDescriptor<BuddyState._IRange> _TYPE = new Dafny.TypeDescriptor<BuddyState._IRange>(BuddyState.Range.Default());
    public static Dafny.TypeDescriptor<BuddyState._IRange> _TypeDescriptor() {
      return _TYPE;
    }
    public static _IRange create(BigInteger lo, BigInteger hi) {
      return new Range(lo, hi);
    }
    public static _IRange create_Range(BigInteger lo, BigInteger hi) {
      return create(lo, hi);
    }
    public bool is_Range { get { return true; } }
    public BigInteger dtor_lo {
      get {
        return this._lo;
      }
    }
    public BigInteger dtor_hi {
      get {
        return this._hi;
      }
    }
  }

  public interface _IEvent {
    bool is_Released { get; }
    bool is_Carved { get; }
    BigInteger dtor_k { get; }
    BigInteger dtor_b { get; }
    _IEvent DowncastClone();
  }
  public abstract class Event : _IEvent {
    public Event() {
    }
    private static readonly BuddyState._IEvent theDefault = create_Released(BigInteger.Zero, BigInteger.Zero);
    public static BuddyState._IEvent Default() {
      return theDefault;
    }
    private static readonly Dafny.TypeDescriptor<BuddyState._IEvent> _TYPE = new Dafny.TypeDescriptor<BuddyState._IEvent>(BuddyState.Event.Default());
    public static Dafny.TypeDescriptor<BuddyState._IEvent> _TypeDescriptor() {
      return _TYPE;
    }
    public static _IEvent create_Released(BigInteger k, BigInteger b) {
      return new Event_Released(k, b);
    }
    public static _IEvent create_Carved(BigInteger k, BigInteger b) {
      return new Event_Carved(k, b);
    }
    public bool is_Released { get { return this is Event_Released; } }
    public bool is_Carved { get { return this is Event_Carved; } }
    public BigInteger dtor_k {
      get {
        var d = this;
        if (d is Event_Released) { return ((Event_Released)d)._k; }
        return ((Event_Carved)d)._k;
      }
    }
    public BigInteger dtor_b {
      get {
        var d = this;
        if (d is Event_Released) { return ((Event_Released)d)._b; }
        return ((Event_Carved)d)._b;
      }
    }
    public abstract _IEvent DowncastClone();
  }
  public class Event_Released : Event {
    public readonly BigInteger _k;
    public readonly BigInteger _b;
    public Event_Released(BigInteger k, BigInteger b) : base() {
      this._k = k;
      this._b = b;
    }
    public override _IEvent DowncastClone() {
      if (this is _IEvent dt) { return dt; }
      return new Event_Released(_k, _b);
    }
    public override bool Equals(object other) {
      var oth = other as BuddyState.Event_Released;
      return oth != null && this._k == oth._k && this._b == oth._b;
    }
    public override int GetHashCode() {
      ulong hash = 5381;
      hash = ((hash << 5) + hash) + 0;
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this._k));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this._b));
      return (int) hash;
    }
    public override string ToString() {
      string s = "BuddyState.Event.Released";
      s += "(";
      s += Dafny.Helpers.ToString(this._k);
      s += ", ";
      s += Dafny.Helpers.ToString(this._b);
      s += ")";
      return s;
    }
  }
  public class Event_Carved : Event {
    public readonly BigInteger _k;
    public readonly BigInteger _b;
    public Event_Carved(BigInteger k, BigInteger b) : base() {
      this._k = k;
      this._b = b;
    }
    public override _IEvent DowncastClone() {
      if (this is _IEvent dt) { return dt; }
      return new Event_Carved(_k, _b);
    }
    public override bool Equals(object other) {
      var oth = other as BuddyState.Event_Carved;
      return oth != null && this._k == oth._k && this._b == oth._b;
    }
    public override int GetHashCode() {
      ulong hash = 5381;
      hash = ((hash << 5) + hash) + 1;
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this._k));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this._b));
      return (int) hash;
    }
    public override string ToString() {
      string s = "BuddyState.Event.Carved";
      s += "(";
      s += Dafny.Helpers.ToString(this._k);
      s += ", ";
      s += Dafny.Helpers.ToString(this._b);
      s += ")";
      return s;
    }
  }

  public interface _IState {
    bool is_State { get; }
    BigInteger dtor_pageSize { get; }
    BigInteger dtor_K { get; }
    Dafny.ISequence<BuddyState._IRange> dtor_ranges { get; }
    Dafny.ISequence<Dafny.ISequence<BigInteger>> dtor_lists { get; }
    Dafny.ISet<BigInteger> dtor_alloc { get; }
    _IState DowncastClone();
  }
  public class State : _IState {
    public readonly BigInteger _pageSize;
    public readonly BigInteger _K;
    public readonly Dafny.ISequence<BuddyState._IRange> _ranges;
    public readonly Dafny.ISequence<Dafny.ISequence<BigInteger>> _lists;
    public readonly Dafny.ISet<BigInteger> _alloc;
    public State(BigInteger pageSize, BigInteger K, Dafny.ISequence<BuddyState._IRange> ranges, Dafny.ISequence<Dafny.ISequence<BigInteger>> lists, Dafny.ISet<BigInteger> alloc) {
      this._pageSize = pageSize;
      this._K = K;
      this._ranges = ranges;
      this._lists = lists;
      this._alloc = alloc;
    }
    public _IState DowncastClone() {
      if (this is _IState dt) { return dt; }
      return new State(_pageSize, _K, _ranges, _lists, _alloc);
    }
    public override bool Equals(object other) {
      var oth = other as BuddyState.State;
      return oth != null && this._pageSize == oth._pageSize && this._K == oth._K && object.Equals(this._ranges, oth._ranges) && object.Equals(this._lists, oth._lists) && object.Equals(this._alloc, oth._alloc);
    }
    public override int GetHashCode() {
      ulong hash = 5381;
      hash = ((hash << 5) + hash) + 0;
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this._pageSize));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this._K));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this._ranges));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this._lists));
      hash = ((hash << 5) + hash) + ((ulong)Dafny.Helpers.GetHashCode(this._alloc));
      return (int) hash;
    }
    public override string ToString() {
      string s = "BuddyState.State.State";
      s += "(";
      s += Dafny.Helpers.ToString(this._pageSize);
      s += ", ";
      s += Dafny.Helpers.ToString(this._K);
      s += ", ";
      s += Dafny.Helpers.ToString(this._ranges);
      s += ", ";
      s += Dafny.Helpers.ToString(this._lists);
      s += ", ";
      s += Dafny.Helpers.ToString(this._alloc);
      s += ")";
      return s;
    }
    private static readonly BuddyState._IState theDefault = create(BigInteger.Zero, BigInteger.Zero, Dafny.Sequence<BuddyState._IRange>.Empty, Dafny.Sequence<Dafny.ISequence<BigInteger>>.Empty, Dafny.Set<BigInteger>.Empty);
    public static BuddyState._IState Default() {
      return theDefault;
    }
    private static readonly Dafny.TypeDescriptor<BuddyState._IState> _TYPE = new Dafny.TypeDescriptor<BuddyState._IState>(BuddyState.State.Default());
    public static Dafny.TypeDescriptor<BuddyState._IState> _TypeDescriptor() {
      return _TYPE;
    }
    public static _IState create(BigInteger pageSize, BigInteger K, Dafny.ISequence<BuddyState._IRange> ranges, Dafny.ISequence<Dafny.ISequence<BigInteger>> lists, Dafny.ISet<BigInteger> alloc) {
      return new State(pageSize, K, ranges, lists, alloc);
    }
    public static _IState create_State(BigInteger pageSize, BigInteger K, Dafny.ISequence<BuddyState._IRange> ranges, Dafny.ISequence<Dafny.ISequence<BigInteger>> lists, Dafny.ISet<BigInteger> alloc) {
      return create(pageSize, K, ranges, lists, alloc);
    }
    public bool is_State { get { return true; } }
    public BigInteger dtor_pageSize {
      get {
        return this._pageSize;
      }
    }
    public BigInteger dtor_K {
      get {
        return this._K;
      }
    }
    public Dafny.ISequence<BuddyState._IRange> dtor_ranges {
      get {
        return this._ranges;
      }
    }
    public Dafny.ISequence<Dafny.ISequence<BigInteger>> dtor_lists {
      get {
        return this._lists;
      }
    }
    public Dafny.ISet<BigInteger> dtor_alloc {
      get {
        return this._alloc;
      }
    }
  }
} // end of namespace BuddyState
namespace BuddyOperations {

  public partial class __default {
    public static bool InSomeRange(Dafny.ISequence<BuddyState._IRange> ranges, BigInteger p)
    {
      return Dafny.Helpers.Id<Func<Dafny.ISequence<BuddyState._IRange>, BigInteger, bool>>((_0_ranges, _1_p) => Dafny.Helpers.Quantifier<BigInteger>(Dafny.Helpers.IntegerRange(BigInteger.Zero, new BigInteger((_0_ranges).Count)), false, (((_exists_var_0) => {
        BigInteger _2_i = (BigInteger)_exists_var_0;
        return (((_2_i).Sign != -1) && ((_2_i) < (new BigInteger((_0_ranges).Count)))) && (((((_0_ranges).Select(_2_i)).dtor_lo) <= (_1_p)) && ((_1_p) < (((_0_ranges).Select(_2_i)).dtor_hi)));
      }))))(ranges, p);
    }
    public static BigInteger RangeIndexOf(Dafny.ISequence<BuddyState._IRange> ranges, BigInteger p)
    {
      return BuddyOperations.__default.RangeIndexFrom(ranges, p, BigInteger.Zero);
    }
    public static BigInteger RangeIndexFrom(Dafny.ISequence<BuddyState._IRange> ranges, BigInteger p, BigInteger i)
    {
    TAIL_CALL_START: ;
      if (((((ranges).Select(i)).dtor_lo) <= (p)) && ((p) < (((ranges).Select(i)).dtor_hi))) {
        return i;
      } else {
        Dafny.ISequence<BuddyState._IRange> _in0 = ranges;
        BigInteger _in1 = p;
        BigInteger _in2 = (i) + (BigInteger.One);
        ranges = _in0;
        p = _in1;
        i = _in2;
        goto TAIL_CALL_START;
      }
    }
    public static bool NoOverlap(Dafny.ISequence<BuddyState._IRange> ranges, BigInteger lo, BigInteger hi)
    {
      return Dafny.Helpers.Id<Func<Dafny.ISequence<BuddyState._IRange>, BigInteger, BigInteger, bool>>((_0_ranges, _1_lo, _2_hi) => Dafny.Helpers.Quantifier<BigInteger>(Dafny.Helpers.IntegerRange(BigInteger.Zero, new BigInteger((_0_ranges).Count)), true, (((_forall_var_0) => {
        BigInteger _3_i = (BigInteger)_forall_var_0;
        return !(((_3_i).Sign != -1) && ((_3_i) < (new BigInteger((_0_ranges).Count)))) || (((((_0_ranges).Select(_3_i)).dtor_hi) <= (_1_lo)) || ((_2_hi) <= (((_0_ranges).Select(_3_i)).dtor_lo)));
      }))))(ranges, lo, hi);
    }
    public static BuddyState._IState Carve(BuddyState._IState s, BigInteger p, BigInteger hi)
    {
    TAIL_CALL_START: ;
      if ((p) >= (hi)) {
        return s;
      } else {
        BigInteger _0_j = BlockArithmetic.__default.LargestOrder(p, hi, (s).dtor_K);
        BuddyState._IState _in0 = BuddyState.__default.Note(BuddyState.__default.AppendTail(s, _0_j, p), BuddyState.Event.create_Carved(_0_j, p));
        BigInteger _in1 = (p) + (BlockArithmetic.__default.Pow2(_0_j));
        BigInteger _in2 = hi;
        s = _in0;
        p = _in1;
        hi = _in2;
        goto TAIL_CALL_START;
      }
    }
    public static BuddyState._IState MergeUp(BuddyState._IState s, BigInteger b, BigInteger k, BigInteger ri)
    {
    TAIL_CALL_START: ;
      BigInteger _0_buddy = BlockArithmetic.__default.BuddyOf(b, k);
      if ((((k) < ((s).dtor_K)) && (BuddyState.__default.InRange(((s).dtor_ranges).Select(ri), _0_buddy, k))) && ((((s).dtor_lists).Select(k)).Contains(_0_buddy))) {
        BuddyState._IState _in0 = BuddyState.__default.Unlink(s, k, _0_buddy);
        BigInteger _in1 = BlockArithmetic.__default.Min(b, _0_buddy);
        BigInteger _in2 = (k) + (BigInteger.One);
        BigInteger _in3 = ri;
        s = _in0;
        b = _in1;
        k = _in2;
        ri = _in3;
        goto TAIL_CALL_START;
      } else {
        return BuddyState.__default.Note(BuddyState.__default.PushHead(s, k, b), BuddyState.Event.create_Released(k, b));
      }
    }
    public static BuddyState._IState FreeSpan(BuddyState._IState s, BigInteger p, BigInteger end)
    {
    TAIL_CALL_START: ;
      var _pat_let_tv0 = s;
      var _pat_let_tv1 = p;
      if ((p) >= (end)) {
        return s;
      } else {
        BigInteger _0_ri = BuddyOperations.__default.RangeIndexOf((s).dtor_ranges, p);
        BigInteger _1_e = BlockArithmetic.__default.Min(end, (((s).dtor_ranges).Select(_0_ri)).dtor_hi);
        BigInteger _2_j = BlockArithmetic.__default.LargestOrder(p, _1_e, (s).dtor_K);
        BuddyState._IState _3_s1 = Dafny.Helpers.Let<BuddyState._IState, BuddyState._IState>(s, _pat_let0_0 => Dafny.Helpers.Let<BuddyState._IState, BuddyState._IState>(_pat_let0_0, _4_dt__update__tmp_h0 => Dafny.Helpers.Let<Dafny.ISet<BigInteger>, BuddyState._IState>(Dafny.Set<BigInteger>.Difference((_pat_let_tv0).dtor_alloc, BuddyState.__default.Block(_pat_let_tv1, _2_j)), _pat_let1_0 => Dafny.Helpers.Let<Dafny.ISet<BigInteger>, BuddyState._IState>(_pat_let1_0, _5_dt__update_halloc_h0 => BuddyState.State.create((_4_dt__update__tmp_h0).dtor_pageSize, (_4_dt__update__tmp_h0).dtor_K, (_4_dt__update__tmp_h0).dtor_ranges, (_4_dt__update__tmp_h0).dtor_lists, _5_dt__update_halloc_h0)))));
        BuddyState._IState _in0 = BuddyOperations.__default.MergeUp(_3_s1, p, _2_j, _0_ri);
        BigInteger _in1 = (p) + (BlockArithmetic.__default.Pow2(_2_j));
        BigInteger _in2 = end;
        s = _in0;
        p = _in1;
        end = _in2;
        goto TAIL_CALL_START;
      }
    }
    public static bool HasFit(Dafny.ISequence<Dafny.ISequence<BigInteger>> lists, BigInteger k)
    {
      return Dafny.Helpers.Id<Func<BigInteger, Dafny.ISequence<Dafny.ISequence<BigInteger>>, bool>>((_0_k, _1_lists) => Dafny.Helpers.Quantifier<BigInteger>(Dafny.Helpers.IntegerRange(_0_k, new BigInteger((_1_lists).Count)), false, (((_exists_var_0) => {
        BigInteger _2_j = (BigInteger)_exists_var_0;
        return (((_0_k) <= (_2_j)) && ((_2_j) < (new BigInteger((_1_lists).Count)))) && ((new BigInteger(((_1_lists).Select(_2_j)).Count)).Sign == 1);
      }))))(k, lists);
    }
    public static BigInteger SmallestNonEmpty(Dafny.ISequence<Dafny.ISequence<BigInteger>> lists, BigInteger k)
    {
    TAIL_CALL_START: ;
      if ((new BigInteger(((lists).Select(k)).Count)).Sign == 1) {
        return k;
      } else {
        Dafny.ISequence<Dafny.ISequence<BigInteger>> _in0 = lists;
        BigInteger _in1 = (k) + (BigInteger.One);
        lists = _in0;
        k = _in1;
        goto TAIL_CALL_START;
      }
    }
    public static BuddyState._IState SplitDown(BuddyState._IState s, BigInteger B, BigInteger j, BigInteger k)
    {
    TAIL_CALL_START: ;
      if ((j) == (k)) {
        return s;
      } else {
        BigInteger _0_upper = (B) + (BlockArithmetic.__default.Pow2((j) - (BigInteger.One)));
        BuddyState._IState _in0 = BuddyState.__default.Note(BuddyState.__default.PushHead(s, (j) - (BigInteger.One), _0_upper), BuddyState.Event.create_Released((j) - (BigInteger.One), _0_upper));
        BigInteger _in1 = B;
        BigInteger _in2 = (j) - (BigInteger.One);
        BigInteger _in3 = k;
        s = _in0;
        B = _in1;
        j = _in2;
        k = _in3;
        goto TAIL_CALL_START;
      }
    }
    public static _System._ITuple2<BuddyState._IState, BigInteger> AllocatePages(BuddyState._IState s, BigInteger n)
    {
      BigInteger _0_k = BlockArithmetic.__default.OrderFor(n);
      BigInteger _1_j = BuddyOperations.__default.SmallestNonEmpty((s).dtor_lists, _0_k);
      BigInteger _2_B = (((s).dtor_lists).Select(_1_j)).Select(BigInteger.Zero);
      BuddyState._IState _3_s1 = BuddyOperations.__default.SplitDown(BuddyState.__default.PopHead(s, _1_j), _2_B, _1_j, _0_k);
      BuddyState._IState _4_s2 = Dafny.Helpers.Let<BuddyState._IState, BuddyState._IState>(_3_s1, _pat_let2_0 => Dafny.Helpers.Let<BuddyState._IState, BuddyState._IState>(_pat_let2_0, _5_dt__update__tmp_h0 => Dafny.Helpers.Let<Dafny.ISet<BigInteger>, BuddyState._IState>(Dafny.Set<BigInteger>.Union((_3_s1).dtor_alloc, BuddyState.__default.Block(_2_B, _0_k)), _pat_let3_0 => Dafny.Helpers.Let<Dafny.ISet<BigInteger>, BuddyState._IState>(_pat_let3_0, _6_dt__update_halloc_h0 => BuddyState.State.create((_5_dt__update__tmp_h0).dtor_pageSize, (_5_dt__update__tmp_h0).dtor_K, (_5_dt__update__tmp_h0).dtor_ranges, (_5_dt__update__tmp_h0).dtor_lists, _6_dt__update_halloc_h0)))));
      return _System.Tuple2<BuddyState._IState, BigInteger>.create(BuddyOperations.__default.FreeSpan(_4_s2, (_2_B) + (n), (_2_B) + (BlockArithmetic.__default.Pow2(_0_k))), _2_B);
    }
    public static BigInteger PagesFor(BigInteger pageSize, BigInteger size)
    {
      return Dafny.Helpers.EuclideanDivision(((size) + (pageSize)) - (BigInteger.One), pageSize);
    }
    public static BigInteger MaxBlock(BuddyState._IState s) {
      return ((s).dtor_pageSize) * (BlockArithmetic.__default.Pow2((s).dtor_K));
    }
    public static BuddyOperations._IError AddRangeCheck(BuddyState._IState s, BigInteger start, BigInteger length)
    {
      BigInteger _0_P = (s).dtor_pageSize;
      if (((Dafny.Helpers.EuclideanModulus(start, _0_P)).Sign != 0) || ((Dafny.Helpers.EuclideanModulus(length, _0_P)).Sign != 0)) {
        return BuddyOperations.Error.create_Misaligned();
      } else if ((length).Sign == 0) {
        return BuddyOperations.Error.create_Empty();
      } else if (((start) + (length)) > (BuddyOperations.__default.AddressLimit)) {
        return BuddyOperations.Error.create_Wraps();
      } else if (!(BuddyOperations.__default.NoOverlap((s).dtor_ranges, Dafny.Helpers.EuclideanDivision(start, _0_P), Dafny.Helpers.EuclideanDivision((start) + (length), _0_P)))) {
        return BuddyOperations.Error.create_Overlaps();
      } else {
        return BuddyOperations.Error.create_Ok();
      }
    }
    public static BuddyOperations._IError AllocateCheck(BuddyState._IState s, BigInteger size)
    {
      if (((size).Sign == 0) || ((size) > (BuddyOperations.__default.MaxBlock(s)))) {
        return BuddyOperations.Error.create_InvalidSize();
      } else if (!(BuddyOperations.__default.HasFit((s).dtor_lists, BlockArithmetic.__default.OrderFor(BuddyOperations.__default.PagesFor((s).dtor_pageSize, size))))) {
        return BuddyOperations.Error.create_Exhausted();
      } else {
        return BuddyOperations.Error.create_Ok();
      }
    }
    public static _System._ITuple2<BuddyOperations._IError, BigInteger> FreeCheck(BuddyState._IState s, BigInteger address, BigInteger size)
    {
      BigInteger _0_P = (s).dtor_pageSize;
      if ((size).Sign == 0) {
        return _System.Tuple2<BuddyOperations._IError, BigInteger>.create(BuddyOperations.Error.create_InvalidSize(), BigInteger.Zero);
      } else if ((Dafny.Helpers.EuclideanModulus(address, _0_P)).Sign != 0) {
        return _System.Tuple2<BuddyOperations._IError, BigInteger>.create(BuddyOperations.Error.create_Misaligned(), Dafny.Helpers.EuclideanDivision(address, _0_P));
      } else {
        BigInteger _1_first = Dafny.Helpers.EuclideanDivision(address, _0_P);
        return BuddyOperations.__default.FirstOffendingPage(s, _1_first, _1_first, (_1_first) + (BuddyOperations.__default.PagesFor(_0_P, size)));
      }
    }
    public static _System._ITuple2<BuddyOperations._IError, BigInteger> FirstOffendingPage(BuddyState._IState s, BigInteger first, BigInteger p, BigInteger end)
    {
    TAIL_CALL_START: ;
      if ((p) >= (end)) {
        return _System.Tuple2<BuddyOperations._IError, BigInteger>.create(BuddyOperations.Error.create_Ok(), BigInteger.Zero);
      } else if (!(BuddyOperations.__default.InSomeRange((s).dtor_ranges, p))) {
        return _System.Tuple2<BuddyOperations._IError, BigInteger>.create((((p) == (first)) ? (BuddyOperations.Error.create_ForeignAddress()) : (BuddyOperations.Error.create_OutsideRanges())), p);
      } else if (!((s).dtor_alloc).Contains(p)) {
        return _System.Tuple2<BuddyOperations._IError, BigInteger>.create(BuddyOperations.Error.create_NotAllocated(), p);
      } else {
        BuddyState._IState _in0 = s;
        BigInteger _in1 = first;
        BigInteger _in2 = (p) + (BigInteger.One);
        BigInteger _in3 = end;
        s = _in0;
        first = _in1;
        p = _in2;
        end = _in3;
        goto TAIL_CALL_START;
      }
    }
    public static BigInteger AddressLimit { get {
      return BigInteger.Parse("18446744073709551616");
    } }
  }

  public interface _IError {
    bool is_Ok { get; }
    bool is_Misaligned { get; }
    bool is_Empty { get; }
    bool is_Wraps { get; }
    bool is_Overlaps { get; }
    bool is_InvalidSize { get; }
    bool is_Exhausted { get; }
    bool is_ForeignAddress { get; }
    bool is_OutsideRanges { get; }
    bool is_NotAllocated { get; }
    _IError DowncastClone();
  }
  public abstract class Error : _IError {
    public Error() {
    }
    private static readonly BuddyOperations._IError theDefault = create_Ok();
    public static BuddyOperations._IError Default() {
      return theDefault;
    }
    private static readonly Dafny.TypeDescriptor<BuddyOperations._IError> _TYPE = new Dafny.TypeDescriptor<BuddyOperations._IError>(BuddyOperations.Error.Default());
    public static Dafny.TypeDescriptor<BuddyOperations._IError> _TypeDescriptor() {
      return _TYPE;
    }
    public static _IError create_Ok() {
      return new Error_Ok();
    }
    public static _IError create_Misaligned() {
      return new Error_Misaligned();
    }
    public static _IError create_Empty() {
      return new Error_Empty();
    }
    public static _IError create_Wraps() {
      return new Error_Wraps();
    }
    public static _IError create_Overlaps() {
      return new Error_Overlaps();
    }
    public static _IError create_InvalidSize() {
      return new Error_InvalidSize();
    }
    public static _IError create_Exhausted() {
      return new Error_Exhausted();
    }
    public static _IError create_ForeignAddress() {
      return new Error_ForeignAddress();
    }
    public static _IError create_OutsideRanges() {
      return new Error_OutsideRanges();
    }
    public static _IError create_NotAllocated() {
      return new Error_NotAllocated();
    }
    public bool is_Ok { get { return this is Error_Ok; } }
    public bool is_Misaligned { get { return this is Error_Misaligned; } }
    public bool is_Empty { get { return this is Error_Empty; } }
    public bool is_Wraps { get { return this is Error_Wraps; } }
    public bool is_Overlaps { get { return this is Error_Overlaps; } }
    public bool is_InvalidSize { get { return this is Error_InvalidSize; } }
    public bool is_Exhausted { get { return this is Error_Exhausted; } }
    public bool is_ForeignAddress { get { return this is Error_ForeignAddress; } }
    public bool is_OutsideRanges { get { return this is Error_OutsideRanges; } }
    public bool is_NotAllocated { get { return this is Error_NotAllocated; } }
    public static System.Collections.Generic.IEnumerable<_IError> AllSingletonConstructors {
      get {
        yield return Error.create_Ok();
        yield return Error.create_Misaligned();
        yield return Error.create_Empty();
        yield return Error.create_Wraps();
        yield return Error.create_Overlaps();
        yield return Error.create_InvalidSize();
        yield return Error.create_Exhausted();
        yield return Error.create_ForeignAddress();
        yield return Error.create_OutsideRanges();
        yield return Error.create_NotAllocated();
      }
    }
    public abstract _IError DowncastClone();
  }
  public class Error_Ok : Error {
    public Error_Ok() : base() {
    }
    public override _IError DowncastClone() {
      if (this is _IError dt) { return dt; }
      return new Error_Ok();
    }
    public override bool Equals(object other) {
      var oth = other as BuddyOperations.Error_Ok;
      return oth != null;
    }
    public override int GetHashCode() {
      ulong hash = 5381;
      hash = ((hash << 5) + hash) + 0;
      return (int) hash;
    }
    public override string ToString() {
      string s = "BuddyOperations.Error.Ok";
      return s;
    }
  }
  public class Error_Misaligned : Error {
    public Error_Misaligned() : base() {
    }
    public override _IError DowncastClone() {
      if (this is _IError dt) { return dt; }
      return new Error_Misaligned();
    }
    public override bool Equals(object other) {
      var oth = other as BuddyOperations.Error_Misaligned;
      return oth != null;
    }
    public override int GetHashCode() {
      ulong hash = 5381;
      hash = ((hash << 5) + hash) + 1;
      return (int) hash;
    }
    public override string ToString() {
      string s = "BuddyOperations.Error.Misaligned";
      return s;
    }
  }
  public class Error_Empty : Error {
    public Error_Empty() : base() {
    }
    public override _IError DowncastClone() {
      if (this is _IError dt) { return dt; }
      return new Error_Empty();
    }
    public override bool Equals(object other) {
      var oth = other as BuddyOperations.Error_Empty;
      return oth != null;
    }
    public override int GetHashCode() {
      ulong hash = 5381;
      hash = ((hash << 5) + hash) + 2;
      return (int) hash;
    }
    public override string ToString() {
      string s = "BuddyOperations.Error.Empty";
      return s;
    }
  }
  public class Error_Wraps : Error {
    public Error_Wraps() : base() {
    }
    public override _IError DowncastClone() {
      if (this is _IError dt) { return dt; }
      return new Error_Wraps();
    }
    public override bool Equals(object other) {
      var oth = other as BuddyOperations.Error_Wraps;
      return oth != null;
    }
    public override int GetHashCode() {
      ulong hash = 5381;
      hash = ((hash << 5) + hash) + 3;
      return (int) hash;
    }
    public override string ToString() {
      string s = "BuddyOperations.Error.Wraps";
      return s;
    }
  }
  public class Error_Overlaps : Error {
    public Error_Overlaps() : base() {
    }
    public override _IError DowncastClone() {
      if (this is _IError dt) { return dt; }
      return new Error_Overlaps();
    }
    public override bool Equals(object other) {
      var oth = other as BuddyOperations.Error_Overlaps;
      return oth != null;
    }
    public override int GetHashCode() {
      ulong hash = 5381;
      hash = ((hash << 5) + hash) + 4;
      return (int) hash;
    }
    public override string ToString() {
      string s = "BuddyOperations.Error.Overlaps";
      return s;
    }
  }
  public class Error_InvalidSize : Error {
    public Error_InvalidSize() : base() {
    }
    public override _IError DowncastClone() {
      if (this is _IError dt) { return dt; }
      return new Error_InvalidSize();
    }
    public override bool Equals(object other) {
      var oth = other as BuddyOperations.Error_InvalidSize;
      return oth != null;
    }
    public override int GetHashCode() {
      ulong hash = 5381;
      hash = ((hash << 5) + hash) + 5;
      return (int) hash;
    }
    public override string ToString() {
      string s = "BuddyOperations.Error.InvalidSize";
      return s;
    }
  }
  public class Error_Exhausted : Error {
    public Error_Exhausted() : base() {
    }
    public override _IError DowncastClone() {
      if (this is _IError dt) { return dt; }
      return new Error_Exhausted();
    }
    public override bool Equals(object other) {
      var oth = other as BuddyOperations.Error_Exhausted;
      return oth != null;
    }
    public override int GetHashCode() {
      ulong hash = 5381;
      hash = ((hash << 5) + hash) + 6;
      return (int) hash;
    }
    public override string ToString() {
      string s = "BuddyOperations.Error.Exhausted";
      return s;
    }
  }
  public class Error_ForeignAddress : Error {
    public Error_ForeignAddress() : base() {
    }
    public override _IError DowncastClone() {
      if (this is _IError dt) { return dt; }
      return new Error_ForeignAddress();
    }
    public override bool Equals(object other) {
      var oth = other as BuddyOperations.Error_ForeignAddress;
      return oth != null;
    }
    public override int GetHashCode() {
      ulong hash = 5381;
      hash = ((hash << 5) + hash) + 7;
      return (int) hash;
    }
    public override string ToString() {
      string s = "BuddyOperations.Error.ForeignAddress";
      return s;
    }
  }
  public class Error_OutsideRanges : Error {
    public Error_OutsideRanges() : base() {
    }
    public override _IError DowncastClone() {
      if (this is _IError dt) { return dt; }
      return new Error_OutsideRanges();
    }
    public override bool Equals(object other) {
      var oth = other as BuddyOperations.Error_OutsideRanges;
      return oth != null;
    }
    public override int GetHashCode() {
      ulong hash = 5381;
      hash = ((hash << 5) + hash) + 8;
      return (int) hash;
    }
    public override string ToString() {
      string s = "BuddyOperations.Error.OutsideRanges";
      return s;
    }
  }
  public class Error_NotAllocated : Error {
    public Error_NotAllocated() : base() {
    }
    public override _IError DowncastClone() {
      if (this is _IError dt) { return dt; }
      return new Error_NotAllocated();
    }
    public override bool Equals(object other) {
      var oth = other as BuddyOperations.Error_NotAllocated;
      return oth != null;
    }
    public override int GetHashCode() {
      ulong hash = 5381;
      hash = ((hash << 5) + hash) + 9;
      return (int) hash;
    }
    public override string ToString() {
      string s = "BuddyOperations.Error.NotAllocated";
      return s;
    }
  }
} // end of namespace BuddyOperations
namespace BuddyLemmas {

} // end of namespace BuddyLemmas
namespace BuddyProofs {

} // end of namespace BuddyProofs
namespace BuddyContract {

} // end of namespace BuddyContract
namespace BuddyContractProofs {

} // end of namespace BuddyContractProofs
namespace BuddyOracle {


  public partial class Heap {
    public Heap() {
      this.state = BuddyState.State.Default();
    }
    public BuddyState._IState state {get; set;}
    public void __ctor(BigInteger pageSize, BigInteger maxOrder)
    {
      (this).state = BuddyState.State.create(pageSize, maxOrder, Dafny.Sequence<BuddyState._IRange>.FromElements(), ((System.Func<Dafny.ISequence<Dafny.ISequence<BigInteger>>>) (() => {
  BigInteger dim0 = (maxOrder) + (BigInteger.One);
  var arr0 = new Dafny.ISequence<BigInteger>[Dafny.Helpers.ToIntChecked(dim0, "array size exceeds memory limit")];
  for (int i0 = 0; i0 < dim0; i0++) {
    var _0___v0 = (BigInteger) i0;
    arr0[(int)(_0___v0)] = Dafny.Sequence<BigInteger>.FromElements();
  }
  return Dafny.Sequence<Dafny.ISequence<BigInteger>>.FromArray(arr0);
}))(), Dafny.Set<BigInteger>.FromElements());
    }
    public BuddyOperations._IError AddRange(BigInteger start, BigInteger length)
    {
      BuddyOperations._IError err = BuddyOperations.Error.Default();
      err = BuddyOperations.__default.AddRangeCheck(this.state, start, length);
      if (object.Equals(err, BuddyOperations.Error.create_Ok())) {
        BigInteger _0_P;
        _0_P = (this.state).dtor_pageSize;
        BigInteger _1_lo;
        BigInteger _2_hi;
        BigInteger _rhs0 = Dafny.Helpers.EuclideanDivision(start, _0_P);
        BigInteger _rhs1 = Dafny.Helpers.EuclideanDivision((start) + (length), _0_P);
        _1_lo = _rhs0;
        _2_hi = _rhs1;
        var _pat_let_tv0 = _1_lo;
        var _pat_let_tv1 = _2_hi;
        (this).state = BuddyOperations.__default.Carve(Dafny.Helpers.Let<BuddyState._IState, BuddyState._IState>(this.state, _pat_let4_0 => Dafny.Helpers.Let<BuddyState._IState, BuddyState._IState>(_pat_let4_0, _3_dt__update__tmp_h1 => Dafny.Helpers.Let<Dafny.ISequence<BuddyState._IRange>, BuddyState._IState>(Dafny.Sequence<BuddyState._IRange>.Concat((this.state).dtor_ranges, Dafny.Sequence<BuddyState._IRange>.FromElements(BuddyState.Range.create(_pat_let_tv0, _pat_let_tv1))), _pat_let5_0 => Dafny.Helpers.Let<Dafny.ISequence<BuddyState._IRange>, BuddyState._IState>(_pat_let5_0, _4_dt__update_hranges_h1 => BuddyState.State.create((_3_dt__update__tmp_h1).dtor_pageSize, (_3_dt__update__tmp_h1).dtor_K, _4_dt__update_hranges_h1, (_3_dt__update__tmp_h1).dtor_lists, (_3_dt__update__tmp_h1).dtor_alloc))))), _1_lo, _2_hi);
      }
      return err;
    }
    public void Allocate(BigInteger size, out BuddyOperations._IError err, out BigInteger address)
    {
      err = BuddyOperations.Error.Default();
      address = BigInteger.Zero;
      err = BuddyOperations.__default.AllocateCheck(this.state, size);
      address = BigInteger.Zero;
      if (object.Equals(err, BuddyOperations.Error.create_Ok())) {
        BigInteger _0_P;
        _0_P = (this.state).dtor_pageSize;
        BigInteger _1_n;
        _1_n = BuddyOperations.__default.PagesFor(_0_P, size);
        _System._ITuple2<BuddyState._IState, BigInteger> _2_result;
        _2_result = BuddyOperations.__default.AllocatePages(this.state, _1_n);
        BigInteger _3_b;
        _3_b = (_2_result).dtor__1;
        (this).state = (_2_result).dtor__0;
        address = (_3_b) * (_0_P);
      }
    }
    public void Free(BigInteger address, BigInteger size, out BuddyOperations._IError err, out BigInteger page)
    {
      err = BuddyOperations.Error.Default();
      page = BigInteger.Zero;
      _System._ITuple2<BuddyOperations._IError, BigInteger> _0_check;
      _0_check = BuddyOperations.__default.FreeCheck(this.state, address, size);
      BuddyOperations._IError _rhs0 = (_0_check).dtor__0;
      BigInteger _rhs1 = (_0_check).dtor__1;
      err = _rhs0;
      page = _rhs1;
      if (object.Equals(err, BuddyOperations.Error.create_Ok())) {
        BigInteger _1_first;
        _1_first = Dafny.Helpers.EuclideanDivision(address, (this.state).dtor_pageSize);
        BigInteger _2_end;
        _2_end = (_1_first) + (BuddyOperations.__default.PagesFor((this.state).dtor_pageSize, size));
        (this).state = BuddyOperations.__default.FreeSpan(this.state, _1_first, _2_end);
      }
    }
    public Dafny.ISequence<BigInteger> FreeList(BigInteger order) {
      if ((order) < (new BigInteger(((this.state).dtor_lists).Count))) {
        return ((this.state).dtor_lists).Select(order);
      } else {
        return Dafny.Sequence<BigInteger>.FromElements();
      }
    }
    public BigInteger PageSize() {
      return (this.state).dtor_pageSize;
    }
    public BigInteger MaxOrder() {
      return (this.state).dtor_K;
    }
    public BigInteger AllocatedPageCount() {
      return new BigInteger(((this.state).dtor_alloc).Count);
    }
    public bool IsAllocated(BigInteger page) {
      return ((this.state).dtor_alloc).Contains(page);
    }
  }
} // end of namespace BuddyOracle
namespace _module {

} // end of namespace _module
