// What each list primitive (PushHead, AppendTail, PopHead, Unlink) does to the invariants.
//
// Every operation of the heap is a chain of these four primitives. Each lemma here moves one block between the
// lists and the in-flight `hole` (see PartialValid) and shows that every named invariant survives the move, so the
// proofs of the operations in Operations.dfy only have to say which block moves where.
include "Buddy.dfy"

module BuddyLemmas {
  import opened BlockArithmetic
  import opened BuddyState

  // ---- pages ------------------------------------------------------------------------------------------------

  lemma BlockMember(p: nat, b: nat, k: nat)
    ensures p in Block(b, k) <==> InBlock(p, b, k)
  {
    assert p in Block(b, k) <==> InSpan(p, b, b + Pow2(k));
  }

  lemma BlockIsFree(lists: seq<seq<nat>>, k: nat, b: nat)
    requires k < |lists| && b in lists[k]
    ensures Block(b, k) <= FreePages(lists)
  {
    forall p | p in Block(b, k) ensures p in FreePages(lists) {
      BlockMember(p, b, k);
    }
  }

  lemma FreeBlockNotInHole(s: State, hole: set<nat>, k: nat, b: nat)
    requires ConservationWith(s.ranges, s.lists, s.alloc, hole)
    requires k < |s.lists| && b in hole
    ensures b !in s.lists[k]
  {
    if b in s.lists[k] {
      BlockIsFree(s.lists, k, b);
      BlockMember(b, b, k);
      reveal ConservationWith;
    }
  }

  // Two blocks that share no page lie one before the other.
  lemma DisjointBlocks(b1: nat, k1: nat, b2: nat, k2: nat)
    requires Block(b1, k1) !! Block(b2, k2)
    ensures b1 + Pow2(k1) <= b2 || b2 + Pow2(k2) <= b1
  {
    if !(b1 + Pow2(k1) <= b2 || b2 + Pow2(k2) <= b1) {
      var p := Max(b1, b2);
      BlockMember(p, b1, k1);
      BlockMember(p, b2, k2);
    }
  }

  // A page lies in at most one range.
  lemma OneRangePerPage(ranges: seq<Range>, i: nat, j: nat, p: nat)
    requires RangesDisjoint(ranges) && i < |ranges| && j < |ranges|
    requires ranges[i].lo <= p < ranges[i].hi && ranges[j].lo <= p < ranges[j].hi
    ensures i == j
  {
    reveal RangesDisjoint;
  }

  // ---- lists as sets of blocks ------------------------------------------------------------------------------

  lemma NoDupPush(l: seq<nat>, b: nat)
    requires NoDup(l) && b !in l
    ensures NoDup([b] + l)
  {
    reveal NoDup;
    var l' := [b] + l;
    forall i, j | 0 <= i < j < |l'| ensures l'[i] != l'[j] {
      if i == 0 { assert l'[j] == l[j - 1]; }
    }
  }

  lemma NoDupAppend(l: seq<nat>, b: nat)
    requires NoDup(l) && b !in l
    ensures NoDup(l + [b])
  {
    reveal NoDup;
  }

  lemma RemoveAtMembers(l: seq<nat>, i: nat)
    requires NoDup(l) && i < |l|
    ensures NoDup(RemoveAt(l, i))
    ensures forall x :: x in RemoveAt(l, i) <==> x in l && x != l[i]
  {
    reveal NoDup;
    var r := RemoveAt(l, i);
    assert forall j :: 0 <= j < |r| ==> r[j] == (if j < i then l[j] else l[j + 1]);
    forall x | x in l && x != l[i] ensures x in r {
      var j :| 0 <= j < |l| && l[j] == x;
      if j < i { assert r[j] == x; } else { assert r[j - 1] == x; }
    }
  }

  // lists' is lists with block b added to list k (at either end).
  ghost predicate Inserted(lists: seq<seq<nat>>, lists': seq<seq<nat>>, k: nat, b: nat) {
    && |lists'| == |lists| && k < |lists|
    && (forall j :: 0 <= j < |lists| && j != k ==> lists'[j] == lists[j])
    && (forall x :: x in lists'[k] <==> x in lists[k] || x == b)
  }

  // lists' is lists with block c taken out of list k.
  ghost predicate Removed(lists: seq<seq<nat>>, lists': seq<seq<nat>>, k: nat, c: nat) {
    && |lists'| == |lists| && k < |lists|
    && (forall j :: 0 <= j < |lists| && j != k ==> lists'[j] == lists[j])
    && (forall x :: x in lists'[k] <==> x in lists[k] && x != c)
  }

  lemma InsertedFreePages(lists: seq<seq<nat>>, lists': seq<seq<nat>>, k: nat, b: nat)
    requires Inserted(lists, lists', k, b)
    ensures FreePages(lists') == FreePages(lists) + Block(b, k)
  {
    forall p | p in FreePages(lists') ensures p in FreePages(lists) + Block(b, k) {
      var k2: nat, b2: nat :| k2 < |lists'| && b2 in lists'[k2] && InBlock(p, b2, k2);
      if k2 == k && b2 == b {
        BlockMember(p, b, k);
      } else {
        assert b2 in lists[k2];
      }
    }
    forall p | p in FreePages(lists) + Block(b, k) ensures p in FreePages(lists') {
      if p in Block(b, k) {
        BlockMember(p, b, k);
        assert b in lists'[k];
      } else {
        var k2: nat, b2: nat :| k2 < |lists| && b2 in lists[k2] && InBlock(p, b2, k2);
        assert b2 in lists'[k2];
      }
    }
  }

  lemma RemovedFreePages(lists: seq<seq<nat>>, lists': seq<seq<nat>>, k: nat, c: nat)
    requires Removed(lists, lists', k, c) && c in lists[k]
    requires FreeListsDisjoint(lists)
    ensures FreePages(lists') == FreePages(lists) - Block(c, k)
  {
    forall p | p in FreePages(lists') ensures p in FreePages(lists) - Block(c, k) {
      var k2: nat, b2: nat :| k2 < |lists'| && b2 in lists'[k2] && InBlock(p, b2, k2);
      assert b2 in lists[k2];
      assert k2 != k || b2 != c;
      reveal FreeListsDisjoint;
      BlockMember(p, c, k);
    }
    forall p | p in FreePages(lists) - Block(c, k) ensures p in FreePages(lists') {
      var k2: nat, b2: nat :| k2 < |lists| && b2 in lists[k2] && InBlock(p, b2, k2);
      BlockMember(p, c, k);
      assert b2 in lists'[k2];
    }
  }

  lemma InsertedAligned(ranges: seq<Range>, lists: seq<seq<nat>>, lists': seq<seq<nat>>, k: nat, b: nat, ri: nat)
    requires Inserted(lists, lists', k, b) && BlocksAlignedInRange(ranges, lists)
    requires Aligned(b, k) && ri < |ranges| && InRange(ranges[ri], b, k)
    ensures BlocksAlignedInRange(ranges, lists')
  {
    reveal BlocksAlignedInRange;
    forall k2: nat, b2 | k2 < |lists'| && b2 in lists'[k2]
      ensures Aligned(b2, k2) && exists rj :: 0 <= rj < |ranges| && InRange(ranges[rj], b2, k2)
    {
      if k2 != k || b2 != b { assert b2 in lists[k2]; }
    }
  }

  lemma InsertedDisjoint(lists: seq<seq<nat>>, lists': seq<seq<nat>>, k: nat, b: nat)
    requires Inserted(lists, lists', k, b) && FreeListsDisjoint(lists)
    requires Block(b, k) !! FreePages(lists)
    ensures FreeListsDisjoint(lists')
  {
    reveal FreeListsDisjoint;
    forall k1: nat, b1, k2: nat, b2 |
      k1 < |lists'| && k2 < |lists'| && b1 in lists'[k1] && b2 in lists'[k2] && (k1 != k2 || b1 != b2)
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

  // Adding b keeps every list fully coalesced when b's own buddy is not free in b's range: a block already in
  // list k whose buddy is b would be b's buddy, in the same range.
  lemma InsertedCoalesced(K: nat, ranges: seq<Range>, lists: seq<seq<nat>>, lists': seq<seq<nat>>, k: nat, b: nat)
    requires Inserted(lists, lists', k, b)
    requires FullyCoalesced(K, ranges, lists) && BlocksAlignedInRange(ranges, lists)
    requires Aligned(b, k) && CoalesceStops(K, ranges, lists, b, k)
    ensures FullyCoalesced(K, ranges, lists')
  {
    reveal FullyCoalesced;
    forall k2: nat, b2 | k2 < |lists'| && b2 in lists'[k2] ensures CoalesceStops(K, ranges, lists', b2, k2) {
      if k2 != k {
        assert b2 in lists[k2];
        assert CoalesceStops(K, ranges, lists, b2, k2);
      } else if k < K {
        forall ri | 0 <= ri < |ranges| && InRange(ranges[ri], b2, k) && InRange(ranges[ri], BuddyOf(b2, k), k)
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

  // Taking a block out of a list keeps the block-wise invariants: each speaks of blocks that are in the lists.
  lemma RemovedShape(K: nat, ranges: seq<Range>, lists: seq<seq<nat>>, lists': seq<seq<nat>>, k: nat, c: nat)
    requires Removed(lists, lists', k, c)
    requires BlocksAlignedInRange(ranges, lists) && FreeListsDisjoint(lists) && FullyCoalesced(K, ranges, lists)
    ensures BlocksAlignedInRange(ranges, lists') && FreeListsDisjoint(lists') && FullyCoalesced(K, ranges, lists')
  {
    assert forall k2: nat, x :: k2 < |lists'| && x in lists'[k2] ==> x in lists[k2];
    reveal BlocksAlignedInRange, FreeListsDisjoint, FullyCoalesced;
    forall k2: nat, b2 | k2 < |lists'| && b2 in lists'[k2] ensures CoalesceStops(K, ranges, lists', b2, k2) {
      assert CoalesceStops(K, ranges, lists, b2, k2);
    }
  }

  // ---- conservation moves -----------------------------------------------------------------------------------

  lemma ConservationInsert(ranges: seq<Range>, lists: seq<seq<nat>>, lists': seq<seq<nat>>, alloc: set<nat>,
                           hole: set<nat>, moved: set<nat>)
    requires ConservationWith(ranges, lists, alloc, hole)
    requires FreePages(lists') == FreePages(lists) + moved && moved <= hole
    ensures ConservationWith(ranges, lists', alloc, hole - moved)
  {
    reveal ConservationWith;
  }

  lemma ConservationRemove(ranges: seq<Range>, lists: seq<seq<nat>>, lists': seq<seq<nat>>, alloc: set<nat>,
                           hole: set<nat>, moved: set<nat>)
    requires ConservationWith(ranges, lists, alloc, hole)
    requires FreePages(lists') == FreePages(lists) - moved && moved <= FreePages(lists)
    ensures ConservationWith(ranges, lists', alloc, hole + moved)
  {
    reveal ConservationWith;
  }

  // ---- the history ----------------------------------------------------------------------------------------

  lemma LastInsertNote(h: seq<Event>, e: Event, k: nat, b: nat)
    ensures LastInsert(h + [e], k, b) == if e.k == k && e.b == b then |h| else LastInsert(h, k, b)
  {
    assert (h + [e])[..|h|] == h;
  }

  // An event about another block leaves the order of the blocks in the lists as it was.
  lemma MruNoteOther(lists: seq<seq<nat>>, h: seq<Event>, e: Event)
    requires MruOrdered(lists, h)
    requires forall k, i :: 0 <= k < |lists| && 0 <= i < |lists[k]| ==> !(e.k == k && e.b == lists[k][i])
    ensures MruOrdered(lists, h + [e])
  {
    reveal MruOrdered;
    var h' := h + [e];
    forall k, i | 0 <= k < |lists| && 0 <= i < |lists[k]|
      ensures LastInsert(h', k, lists[k][i]) == LastInsert(h, k, lists[k][i])
    {
      LastInsertNote(h, e, k, lists[k][i]);
    }
  }

  // Released block b pushed at the head of list k.
  lemma MruPush(lists: seq<seq<nat>>, h: seq<Event>, k: nat, b: nat)
    requires k < |lists| && MruOrdered(lists, h)
    requires b !in lists[k]
    ensures MruOrdered(lists[k := [b] + lists[k]], h + [Released(k, b)])
  {
    var e := Released(k, b);
    var h' := h + [e];
    var l' := lists[k := [b] + lists[k]];
    MruNoteOther(lists, h, e);
    reveal MruOrdered;
    LastInsertNote(h, e, k, b);
    forall k2, i | 0 <= k2 < |l'| && 0 <= i < |l'[k2]| ensures LastInsert(h', k2, l'[k2][i]) >= 0 {
      if k2 == k && i > 0 { assert l'[k][i] == lists[k][i - 1]; }
    }
    forall k2, i, j | 0 <= k2 < |l'| && 0 <= i < j < |l'[k2]| ensures MruBefore(h', k2, l'[k2][i], l'[k2][j]) {
      if k2 == k {
        assert l'[k][j] == lists[k][j - 1];
        if i > 0 { assert l'[k][i] == lists[k][i - 1]; }
      }
    }
  }

  // Carved block b appended at the tail of list k.
  lemma MruAppend(lists: seq<seq<nat>>, h: seq<Event>, k: nat, b: nat)
    requires k < |lists| && MruOrdered(lists, h)
    requires b !in lists[k]
    ensures MruOrdered(lists[k := lists[k] + [b]], h + [Carved(k, b)])
  {
    var e := Carved(k, b);
    var h' := h + [e];
    var l' := lists[k := lists[k] + [b]];
    MruNoteOther(lists, h, e);
    reveal MruOrdered;
    LastInsertNote(h, e, k, b);
    forall k2, i | 0 <= k2 < |l'| && 0 <= i < |l'[k2]| ensures LastInsert(h', k2, l'[k2][i]) >= 0 {
      if k2 == k && i < |lists[k]| { assert l'[k][i] == lists[k][i]; }
    }
    forall k2, i, j | 0 <= k2 < |l'| && 0 <= i < j < |l'[k2]| ensures MruBefore(h', k2, l'[k2][i], l'[k2][j]) {
      if k2 == k {
        assert l'[k][i] == lists[k][i];
        if j < |lists[k]| { assert l'[k][j] == lists[k][j]; }
      }
    }
  }

  lemma MruRemoveAt(lists: seq<seq<nat>>, h: seq<Event>, k: nat, i: nat)
    requires k < |lists| && i < |lists[k]| && MruOrdered(lists, h)
    ensures MruOrdered(lists[k := RemoveAt(lists[k], i)], h)
  {
    reveal MruOrdered;
    var l' := lists[k := RemoveAt(lists[k], i)];
    assert forall j :: 0 <= j < |l'[k]| ==> l'[k][j] == (if j < i then lists[k][j] else lists[k][j + 1]);
  }

  // ---- the four primitives ----------------------------------------------------------------------------------

  // The common part of PushHead and AppendTail: block b of order k leaves the hole for list k.
  lemma InsertKeeps(s: State, s': State, k: nat, b: nat, ri: nat, hole: set<nat>)
    requires PartialValid(s, hole) && k <= s.K
    requires Aligned(b, k) && ri < |s.ranges| && InRange(s.ranges[ri], b, k)
    requires Block(b, k) <= hole
    requires CoalesceStops(s.K, s.ranges, s.lists, b, k)
    requires Inserted(s.lists, s'.lists, k, b) && NoDup(s'.lists[k])
    requires s'.pageSize == s.pageSize && s'.K == s.K && s'.ranges == s.ranges && s'.alloc == s.alloc
    requires MruOrdered(s'.lists, s'.history)
    ensures PartialValid(s', hole - Block(b, k))
  {
    InsertedFreePages(s.lists, s'.lists, k, b);
    InsertedAligned(s.ranges, s.lists, s'.lists, k, b, ri);
    assert Block(b, k) !! FreePages(s.lists) by { reveal ConservationWith; }
    InsertedDisjoint(s.lists, s'.lists, k, b);
    InsertedCoalesced(s.K, s.ranges, s.lists, s'.lists, k, b);
    ConservationInsert(s.ranges, s.lists, s'.lists, s.alloc, hole, Block(b, k));
    forall j | 0 <= j < |s'.lists| ensures NoDup(s'.lists[j]) {
      if j != k { assert s'.lists[j] == s.lists[j]; }
    }
  }

  // The common part of PopHead and Unlink: block c of order k leaves list k for the hole.
  lemma RemoveKeeps(s: State, s': State, k: nat, c: nat, hole: set<nat>)
    requires PartialValid(s, hole) && k < |s.lists| && c in s.lists[k]
    requires Removed(s.lists, s'.lists, k, c) && NoDup(s'.lists[k])
    requires s'.pageSize == s.pageSize && s'.K == s.K && s'.ranges == s.ranges && s'.alloc == s.alloc
    requires MruOrdered(s'.lists, s'.history)
    ensures PartialValid(s', hole + Block(c, k))
  {
    RemovedFreePages(s.lists, s'.lists, k, c);
    BlockIsFree(s.lists, k, c);
    RemovedShape(s.K, s.ranges, s.lists, s'.lists, k, c);
    ConservationRemove(s.ranges, s.lists, s'.lists, s.alloc, hole, Block(c, k));
    forall j | 0 <= j < |s'.lists| ensures NoDup(s'.lists[j]) {
      if j != k { assert s'.lists[j] == s.lists[j]; }
    }
  }

  // The list primitive and the event of a release: b at the head of list k, Released(k, b) in the history.
  lemma PushHeadKeeps(s: State, k: nat, b: nat, ri: nat, hole: set<nat>)
    requires PartialValid(s, hole) && k <= s.K
    requires Aligned(b, k) && ri < |s.ranges| && InRange(s.ranges[ri], b, k)
    requires Block(b, k) <= hole
    requires CoalesceStops(s.K, s.ranges, s.lists, b, k)
    ensures PartialValid(Note(PushHead(s, k, b), Released(k, b)), hole - Block(b, k))
    ensures PushHead(s, k, b).lists[k] == [b] + s.lists[k]
  {
    var s' := Note(PushHead(s, k, b), Released(k, b));
    BlockMember(b, b, k);
    FreeBlockNotInHole(s, hole, k, b);
    NoDupPush(s.lists[k], b);
    MruPush(s.lists, s.history, k, b);
    InsertKeeps(s, s', k, b, ri, hole);
  }

  // The list primitive and the event of carving: b at the tail of list k, Carved(k, b) in the history.
  lemma AppendTailKeeps(s: State, k: nat, b: nat, ri: nat, hole: set<nat>)
    requires PartialValid(s, hole) && k <= s.K
    requires Aligned(b, k) && ri < |s.ranges| && InRange(s.ranges[ri], b, k)
    requires Block(b, k) <= hole
    requires CoalesceStops(s.K, s.ranges, s.lists, b, k)
    ensures PartialValid(Note(AppendTail(s, k, b), Carved(k, b)), hole - Block(b, k))
  {
    var s' := Note(AppendTail(s, k, b), Carved(k, b));
    BlockMember(b, b, k);
    FreeBlockNotInHole(s, hole, k, b);
    NoDupAppend(s.lists[k], b);
    MruAppend(s.lists, s.history, k, b);
    InsertKeeps(s, s', k, b, ri, hole);
  }

  lemma PopHeadKeeps(s: State, k: nat, hole: set<nat>)
    requires PartialValid(s, hole) && k < |s.lists| && |s.lists[k]| > 0
    ensures PartialValid(PopHead(s, k), hole + Block(s.lists[k][0], k))
  {
    var s' := PopHead(s, k);
    assert s.lists[k][1..] == RemoveAt(s.lists[k], 0);
    RemoveAtMembers(s.lists[k], 0);
    MruRemoveAt(s.lists, s.history, k, 0);
    RemoveKeeps(s, s', k, s.lists[k][0], hole);
  }

  lemma UnlinkKeeps(s: State, k: nat, c: nat, hole: set<nat>)
    requires PartialValid(s, hole) && k < |s.lists| && c in s.lists[k]
    ensures PartialValid(Unlink(s, k, c), hole + Block(c, k))
  {
    var s' := Unlink(s, k, c);
    var i := IndexOf(s.lists[k], c);
    RemoveAtMembers(s.lists[k], i);
    MruRemoveAt(s.lists, s.history, k, i);
    RemoveKeeps(s, s', k, c, hole);
  }

  // The head of every list comes before every other block of its list: of the released blocks, it is the most
  // recently released; if it was carved, so was every block of its list.
  lemma HeadIsMostRecent(s: State, k: nat)
    requires Valid(s) && k < |s.lists| && |s.lists[k]| > 0
    ensures forall i :: 0 < i < |s.lists[k]| ==> MruBefore(s.history, k, s.lists[k][0], s.lists[k][i])
  {
    reveal MruOrdered;
  }
}
