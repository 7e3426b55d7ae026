// Lineage: a model and all its ancestors as a graph, each derivative edge
// labelled with its relation and the royalty the derivative owes its parent;
// read from the registry's revenue lineage (the same walk the royalties
// contract pays along). Drawn as plain SVG: the model on the left, each
// ancestor one column further right than its furthest descendant.
import { useState } from 'react';
import { RequireChain, useAccountNames, useConnectedChain, useReader } from '../chain/ChainProvider';
import type { Chain } from '../chain/connection';
import { formatAccount, formatBps, shortAccount } from '../chain/format';
import { call, read } from '../chain/tx';
import type { ModelmintCommonParentLink as ParentLink } from '../contracts/types/modelmint-registry';
import { Field, parseModelId } from '../ui/components';
import { useBlockRead } from './market';
import { modelFromHash } from './OffersPage';

export function LineagePage() {
  return (
    <RequireChain>
      <Lineage />
    </RequireChain>
  );
}

export interface LineageNode {
  model: bigint;
  name: string;
  owner: string;
  parents: ParentLink[];
}

async function loadLineage(chain: Chain, caller: string, model: bigint): Promise<LineageNode[] | null> {
  // null: no such model (the registry has no lineage for it).
  const { registry } = chain.contracts;
  const lineage = await read(chain, caller, call(registry, 'modelRegistryRevenueLineage', [model]));
  if (!lineage) return null;
  return Promise.all(
    lineage.map(async (node) => {
      const m = await read(chain, caller, call(registry, 'model', [node.model]));
      return {
        model: node.model,
        name: m ? `${m.name} ${m.version}` : '(unknown)',
        owner: formatAccount(node.owner, chain.units),
        parents: node.parents,
      };
    }),
  );
}

/** Column of each node: 0 for `root`, and each parent one column right of its furthest child. */
export function columnsOf(root: bigint, nodes: LineageNode[]): Map<bigint, number> {
  const byId = new Map(nodes.map((n) => [n.model, n]));
  const column = new Map<bigint, number>([[root, 0]]);
  // Longest path from the root; the lineage is acyclic (the registry refuses cycles),
  // and the bound guards the page against a malformed answer.
  for (let pass = 0, changed = true; changed && pass <= nodes.length; pass += 1) {
    changed = false;
    for (const node of nodes) {
      const c = column.get(node.model);
      if (c === undefined) continue;
      for (const p of node.parents) {
        if (!byId.has(p.model)) continue;
        if ((column.get(p.model) ?? -1) < c + 1) {
          column.set(p.model, c + 1);
          changed = true;
        }
      }
    }
  }
  return column;
}

const NODE_W = 200;
const NODE_H = 56;
const COL_GAP = 120;
const ROW_GAP = 36;

function Lineage() {
  const chain = useConnectedChain();
  const names = useAccountNames();
  const [text, setText] = useState(modelFromHash);
  const model = parseModelId(text);
  const caller = useReader();
  const lineage = useBlockRead(model === undefined ? undefined : () => loadLineage(chain, caller, model), 'the lineage', [chain, caller, model]);

  return (
    <section aria-labelledby="lineage-heading">
      <h2 id="lineage-heading">Ancestors and royalty edges</h2>
      <Field label="Model id" value={text} onChange={setText} testid="lineage-model" error={text.trim() && model === undefined ? `"${text}" is not a model id.` : undefined} />
      {lineage.error && <p className="error" role="alert">{lineage.error}</p>}
      {model !== undefined && lineage.value === undefined && !lineage.error && <p>Loading…</p>}
      {model !== undefined && lineage.value === null && <p data-testid="lineage-unknown">There is no model {model.toString()}.</p>}
      {model !== undefined && lineage.value && <Graph root={model} nodes={lineage.value} label={(owner) => names.get(owner) ?? shortAccount(owner, chain.units)} />}
    </section>
  );
}

function Graph({ root, nodes, label }: { root: bigint; nodes: LineageNode[]; label: (owner: string) => string }) {
  const columns = columnsOf(root, nodes);
  const rows = new Map<bigint, number>();
  const perColumn: number[] = [];
  for (const node of nodes) {
    const c = columns.get(node.model) ?? 0;
    rows.set(node.model, perColumn[c] ?? 0);
    perColumn[c] = (perColumn[c] ?? 0) + 1;
  }
  const width = perColumn.length * (NODE_W + COL_GAP) - COL_GAP + 20;
  const height = Math.max(...perColumn) * (NODE_H + ROW_GAP) - ROW_GAP + 20;
  const at = (id: bigint) => ({ x: 10 + (columns.get(id) ?? 0) * (NODE_W + COL_GAP), y: 10 + (rows.get(id) ?? 0) * (NODE_H + ROW_GAP) });
  const edges = nodes.flatMap((child) => child.parents.filter((p) => rows.has(p.model)).map((p) => ({ child: child.model, link: p })));
  return (
    <figure>
      <svg
        role="img"
        aria-labelledby="lineage-caption"
        width={width}
        height={height}
        viewBox={`0 0 ${width} ${height}`}
        className="lineage"
        data-testid="lineage-graph"
        data-nodes={nodes.length}
        data-edges={edges.length}
      >
        <defs>
          <marker id="lineage-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse">
            <path d="M 0 0 L 10 5 L 0 10 z" fill="currentColor" />
          </marker>
        </defs>
        {edges.map(({ child, link }) => {
          const from = at(child);
          const to = at(link.model);
          const x1 = from.x + NODE_W;
          const y1 = from.y + NODE_H / 2;
          const x2 = to.x;
          const y2 = to.y + NODE_H / 2;
          return (
            <g key={`${child}-${link.model}`} data-testid={`lineage-edge-${child}-${link.model}`} data-bps={link.royaltyBps} data-relation={link.relation}>
              <line x1={x1} y1={y1} x2={x2} y2={y2} stroke="currentColor" strokeWidth="1.5" markerEnd="url(#lineage-arrow)" />
              <text x={(x1 + x2) / 2} y={(y1 + y2) / 2 - 6} textAnchor="middle" className="edge-label">
                {link.relation}, {formatBps(link.royaltyBps)}
              </text>
            </g>
          );
        })}
        {nodes.map((node) => {
          const { x, y } = at(node.model);
          return (
            <g key={node.model.toString()} data-testid={`lineage-node-${node.model}`} className={node.model === root ? 'node root' : 'node'}>
              <rect x={x} y={y} width={NODE_W} height={NODE_H} rx="6" />
              <text x={x + 10} y={y + 22}>
                Model {node.model.toString()}: {node.name.length > 18 ? `${node.name.slice(0, 17)}…` : node.name}
              </text>
              <text x={x + 10} y={y + 42} className="owner">
                owner {label(node.owner)}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption id="lineage-caption">
        Model {root.toString()} and its ancestors; an arrow goes from a derivative to its parent, labelled with the relation and the royalty the derivative owes of
        what it receives (passed on upstream with every payment).
      </figcaption>
    </figure>
  );
}
