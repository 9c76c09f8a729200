// The heap as a mutable object: the three operations of docs/contract.md on addresses and sizes in bytes, each
// with its contract proved. This is the file compiled to C# (spec/generated/) and used by the property suite as
// the oracle the C# heap is run against, operation by operation.
include "ContractProofs.dfy"

module BuddyOracle {
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
    {
      BuddyState.Valid(state)
    }

    // An empty heap of page size P = pageSize bytes and largest block 2^maxOrder pages.
    constructor(pageSize: nat, maxOrder: nat)
      requires ConfigOk(pageSize, maxOrder)
      ensures Valid() && state.pageSize == pageSize && state.K == maxOrder
      ensures state.ranges == [] && state.alloc == {}
      ensures forall k :: 0 <= k <= maxOrder ==> state.lists[k] == []
    {
      state := State(pageSize, maxOrder, [], seq(maxOrder + 1, _ => []), {}, []);
      new;
      EmptyIsValid(state);
    }

    // AddRange(start, length): on success the range's pages are carved into its lists (Carve); on an error the
    // heap is unchanged.
    method AddRange(start: nat, length: nat) returns (err: Error)
      requires Valid()
      modifies this
      ensures Valid()
      ensures err == AddRangeCheck(old(state), start, length)
      ensures err == Ok <==> AddRangeAcceptable(old(state), start, length)
      ensures err != Ok ==> state == old(state)
      ensures err == Ok ==>
        var P := state.pageSize;
        var lo, hi := start / P, (start + length) / P;
        && state == Carve(old(state).(ranges := old(state).ranges + [Range(lo, hi)]), lo, hi)
        && state.ranges == old(state).ranges + [Range(lo, hi)]
        && state.alloc == old(state).alloc
        && AddRangeContract(old(state), state, lo, hi)
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

    // Allocate(size): the head of the smallest non-empty list of order >= k, split down to order k (upper
    // halves pushed at the heads), its trailing pages freed again; exactly ceil(size / P) pages become
    // allocated. On an error (InvalidSize, Exhausted) the heap is unchanged and the address is 0.
    method Allocate(size: nat) returns (err: Error, address: nat)
      requires Valid()
      modifies this
      ensures Valid()
      ensures err == AllocateCheck(old(state), size)
      ensures err == Ok <==> AllocateAcceptable(old(state), size)
      ensures err != Ok ==> state == old(state) && address == 0
      ensures err == Ok ==>
        var P := state.pageSize;
        var n := PagesFor(P, size);
        && 1 <= n <= Pow2(old(state).K)
        && HasFit(old(state).lists, OrderFor(n))
        && var j := SmallestNonEmpty(old(state).lists, OrderFor(n));
        && address == old(state).lists[j][0] * P
        && (forall i :: 0 < i < |old(state).lists[j]| ==> MruBefore(old(state).history, j, old(state).lists[j][0], old(state).lists[j][i]))
        && (state, address / P) == AllocatePages(old(state), n)
        && state.alloc == old(state).alloc + Span(address / P, address / P + n)
        && state.ranges == old(state).ranges
        && AllocateContract(old(state), state, n, address / P)
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

    // Free(address, size): the span of ceil(size / P) pages at address, cut into maximal aligned blocks, each
    // freed by the merge rule; exactly those pages stop being allocated. On an error the heap is unchanged and
    // `page` is the first offending page (address / P for Misaligned, 0 for InvalidSize and success).
    method Free(address: nat, size: nat) returns (err: Error, page: nat)
      requires Valid()
      modifies this
      ensures Valid()
      ensures (err, page) == FreeCheck(old(state), address, size)
      ensures err == Ok <==> FreeAcceptable(old(state), address, size)
      ensures err != Ok ==> state == old(state)
      ensures err == Ok ==>
        var first := address / state.pageSize;
        var end := first + PagesFor(state.pageSize, size);
        && SpanInRanges(old(state).ranges, first, end)
        && state == FreeSpan(old(state), first, end)
        && state.alloc == old(state).alloc - Span(first, end)
        && state.ranges == old(state).ranges
        && FreedSpan(old(state), state, first, end)
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

    // The page numbers of the free blocks of one order, head (most recently inserted) first.
    function FreeList(order: nat): seq<nat>
      reads this
    {
      if order < |state.lists| then state.lists[order] else []
    }

    function PageSize(): nat reads this { state.pageSize }

    function MaxOrder(): nat reads this { state.K }

    function AllocatedPageCount(): nat reads this { |state.alloc| }

    function IsAllocated(page: nat): bool reads this { page in state.alloc }
  }

  lemma EmptyIsValid(s: State)
    requires ConfigOk(s.pageSize, s.K) && s.ranges == [] && s.alloc == {}
    requires s.lists == seq(s.K + 1, _ => [])
    ensures BuddyState.Valid(s)
  {
    reveal RangesDisjoint, NoDup, BlocksAlignedInRange, FreeListsDisjoint, Conservation, FullyCoalesced;
    reveal MruOrdered;
    assert FreePages(s.lists) == {};
    assert RangePages(s.ranges) == {};
  }
}
