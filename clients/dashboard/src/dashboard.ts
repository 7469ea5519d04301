// Uses the generated types the way a dashboard would, so that tsc --strict checks that they
// describe the answers: nullable root fields, connections with edges and nodes, ids.
import type {
  BucketMembersQuery,
  CountsByRegionQuery,
  EntityPageQuery,
  FilteredInitiativesQuery,
  SearchQuery,
  SimilarInitiativesQuery,
} from "../generated/graphql";

export function initiativeNames(data: FilteredInitiativesQuery): string[] {
  const list = data.initiatives;
  if (!list) return []; // the root field is nullable: it failed on its own
  return list.edges.map((e) => `${e.node.name} (${e.cursor})`);
}

export function relationLines(data: EntityPageQuery): string[] {
  const node = data.node;
  if (!node || !("relations" in node)) return [];
  return node.relations.edges.map((e) => `${e.id} ${e.type} ${e.direction} ${e.node.name}: “${e.evidence.quote}” (${e.evidence.document.title})`);
}

// A typed relation field: its nodes are regions, so their kind needs no fragment.
export function regionKinds(data: EntityPageQuery): string[] {
  const node = data.node;
  if (!node || !("regions" in node)) return [];
  return node.regions.edges.map((e) => `${e.node.name} (${e.node.kind}, in ${e.node.parent?.name ?? "-"})`)
    .concat(node.municipalities.nodes.map((r) => `${r.name} (gemeente, of ${node.municipalities.totalCount})`));
}

export function hitLabels(data: SearchQuery): string[] {
  return (data.search ?? []).map((h) => `${h.node.__typename} ${h.node.name} ${h.score.toFixed(2)}`);
}

export function reasons(data: SimilarInitiativesQuery): Map<string, string[]> {
  return new Map((data.similarInitiatives ?? []).map((s) => [s.id, s.reasons.map((r) => `${r.kind} ${r.weight}: ${r.description}`)]));
}

export function chart(data: CountsByRegionQuery): Array<{ id: string; label: string; value: number; direct: number; via: number }> {
  return (data.counts ?? []).map((b) => ({ id: b.id, label: b.node?.name ?? b.name, value: b.count, direct: b.direct, via: b.via }));
}

export function memberLines(data: BucketMembersQuery): string[] {
  const list = data.members;
  if (!list) return [];
  return list.edges.map((m) => `${m.id} ${m.scope} ${m.node.name}: ${m.paths.map((p) => p.steps.map((s) => `“${s.evidence.quote}” (${s.evidence.document.title}, ${s.evidence.document.date ?? "no date"})`).join(" → ")).join("; ")}`);
}
