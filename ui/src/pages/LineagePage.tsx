// Lineage: a model and all its ancestors as a graph, each derivative edge
// labelled with its relation and the share its right granted (the registry's
// `ancestors` and each model's `parents`), drawn as plain SVG: the model on the
// left, each ancestor one column further right than its furthest descendant.
// Datasets are drawn apart (dashed, "trained on" edges) and the datasets the
// model itself was trained on are listed apart from its parent models.
// Below it, the model's obligations: what each ancestor gets of every sale of
// the model, fixed at registration (the registry's `obligations`: its own
// edges and, flattened in, its parents' and previous version's obligations, so
// a grandparent gets its full share, not a share of a share), next to the
// market's copy it pays by (`model(id).debts`, with the carries below one
// unit that later payments still owe).
import { useState } from 'react';
import { RequireChain, useAccountNames, useConnectedChain, useReader } from '../chain/ChainProvider';
import type { Chain } from '../chain/connection';
import { formatAccount, formatBps, shortAccount } from '../chain/format';
import { call, read } from '../chain/tx';
import type {
  ModelmintCommonAssetKind as AssetKind,
  ModelmintCommonObligation as Obligation,
  ModelmintCommonParentLink as ParentLink,
} from '../contracts/types/modelmint-registry';
import type { ModelmintMarketCoreDebt as Debt } from '../contracts/types/modelmint-market';
import { fieldError, parseModelId, valueOf } from '../chain/numbers';
import { Field } from '../ui/components';
import { useBlockRead } from './market';
import { modelFromHash } from './OffersPage';

export function LineagePage() {
  return (
    <RequireChain contracts={['registry', 'market']}>
      <Lineage />
    </RequireChain>
  );
}

export interface LineageNode {
  model: bigint;
  /** Model or dataset; undefined if the registry did not answer for it. */
  kind?: AssetKind;
  name: string;
  owner: string;
  parents: ParentLink[];
}

interface LineageView {
  nodes: LineageNode[];
  /** The registry's record of what the model owes its ancestors. */
  obligations: Obligation[];
  /** The market's copy, with carries; undefined if the market has no record of the model. */
  debts?: Debt[];
}

async function loadLineage(chain: Chain, caller: string, model: bigint): Promise<LineageView | null> {
  // null: no such model.
  const { registry, market } = chain.contracts;
  const [root, ancestors, state] = await Promise.all([
    read(chain, caller, call(registry, 'model', [model])),
    read(chain, caller, call(registry, 'ancestors', [model])),
    read(chain, caller, call(market, 'model', [model])),
  ]);
  if (!root) return null;
  const nodes = await Promise.all(
    [model, ...ancestors].map(async (id) => {
      const [m, owner] = await Promise.all([
        id === model ? root : read(chain, caller, call(registry, 'model', [id])),
        read(chain, caller, call(registry, 'modelRegistryOwnerOfModel', [id])),
      ]);
      return {
        model: id,
        kind: m?.kind,
        name: m ? `${m.name} ${m.version}` : '(unknown)',
        owner: owner ? formatAccount(owner, chain.units) : '(none)',
        parents: m?.parents ?? [],
      };
    }),
  );
  return { nodes, obligations: root.obligations, debts: state?.debts };
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
  const parsedModel = parseModelId(text);
  const model = valueOf(parsedModel);
  const caller = useReader();
  const lineage = useBlockRead(model === undefined ? undefined : () => loadLineage(chain, caller, model), 'the lineage', [chain, caller, model]);

  return (
    <>
      <section aria-labelledby="lineage-heading">
        <h2 id="lineage-heading">Ancestors and royalty edges</h2>
        <Field label="Model id" value={text} onChange={setText} testid="lineage-model" error={fieldError(text, parsedModel)} />
        {lineage.error && <p className="error" role="alert">{lineage.error}</p>}
        {model !== undefined && lineage.value === undefined && !lineage.error && <p>Loading…</p>}
        {model !== undefined && lineage.value === null && <p data-testid="lineage-unknown">There is no model {model.toString()}.</p>}
        {model !== undefined && lineage.value && <Graph root={model} nodes={lineage.value.nodes} label={(owner) => names.get(owner) ?? shortAccount(owner, chain.units)} />}
      </section>
      {model !== undefined && lineage.value && <Sources node={lineage.value.nodes.find((n) => n.model === model)} />}
      {model !== undefined && lineage.value && <Obligations model={model} view={lineage.value} />}
    </>
  );
}

/** A relation in words, as the Register page names it. */
export function relationText(relation: ParentLink['relation']): string {
  return relation === 'TrainedOn' ? 'trained on' : relation === 'FineTune' ? 'fine-tune' : relation.toLowerCase();
}

/** The asset's own edges: its parent models, and apart from them the datasets it was trained on. */
function Sources({ node }: { node?: LineageNode }) {
  if (!node) return null;
  const noun = node.kind === 'Dataset' ? 'Dataset' : 'Model';
  const models = node.parents.filter((p) => p.relation !== 'TrainedOn');
  const datasets = node.parents.filter((p) => p.relation === 'TrainedOn');
  const row = (p: ParentLink, what: string) => (
    <li key={p.model.toString()} data-testid={`lineage-source-${p.model}`} data-relation={p.relation} data-bps={p.royaltyBps}>
      <a href={`#/model/${p.model}`}>
        {what} {p.model.toString()}
      </a>
      {p.relation !== 'TrainedOn' && `, ${relationText(p.relation)}`}, owed {formatBps(p.royaltyBps)} of every sale
    </li>
  );
  return (
    <section aria-labelledby="sources-heading" data-testid="lineage-kind" data-kind={node.kind ?? ''}>
      <h2 id="sources-heading">
        {noun} {node.model.toString()}: {node.name}
      </h2>
      {node.kind === 'Dataset' ? (
        <p data-testid="lineage-dataset-note">A dataset names no parents: its lineage is its previous versions. Models trained on it list it under "Trained on".</p>
      ) : (
        <>
          <h3>Parent models</h3>
          {models.length === 0 ? <p data-testid="lineage-parents" data-count="0">No parent model.</p> : <ul data-testid="lineage-parents" data-count={models.length}>{models.map((p) => row(p, 'model'))}</ul>}
          <h3>Trained on</h3>
          {datasets.length === 0 ? (
            <p data-testid="lineage-trained-on" data-count="0">No dataset declared.</p>
          ) : (
            <ul data-testid="lineage-trained-on" data-count={datasets.length}>{datasets.map((p) => row(p, 'dataset'))}</ul>
          )}
        </>
      )}
    </section>
  );
}

/** What each ancestor gets of every sale of `model`, from the registry and the market. */
function Obligations({ model, view }: { model: bigint; view: LineageView }) {
  const owed = view.obligations.reduce((sum, o) => sum + o.bps, 0);
  const debtOf = (ancestor: bigint) => view.debts?.find((d) => d.ancestor === ancestor);
  return (
    <section aria-labelledby="obligations-heading">
      <h2 id="obligations-heading">Who gets what of every sale of model {model.toString()}</h2>
      {view.debts === undefined && (
        <p className="notice" data-testid="lineage-unsynced">
          The market has no record of model {model.toString()}: it was registered while no market was wired, and sells nothing until anyone calls the
          registry's <code>resync</code> for it.
        </p>
      )}
      <p className="hint">
        Fixed at registration: the model's own edges and, flattened in, every obligation of its parents and previous version (the highest share where an
        ancestor is reached twice). Each ancestor is paid its share of the price directly, at every sale: a grandparent gets its full share, not a share
        of its child's share.
      </p>
      {view.obligations.length === 0 ? (
        <p data-testid="lineage-no-obligations">Model {model.toString()} owes no ancestor a share: every sale is its own (its split's or its owner's).</p>
      ) : (
        <table className="payees" data-testid="lineage-obligations" data-count={view.obligations.length} data-kept-bps={10_000 - owed}>
          <caption>Each ancestor's share of every sale of model {model.toString()}</caption>
          <thead>
            <tr>
              <th scope="col">Ancestor</th>
              <th scope="col">Share of every sale</th>
              <th scope="col">Carried below one unit (market)</th>
            </tr>
          </thead>
          <tbody>
            {view.obligations.map((o) => {
              const debt = debtOf(o.ancestor);
              return (
                <tr key={o.ancestor.toString()} data-testid={`lineage-obligation-${o.ancestor}`} data-bps={o.bps} data-market-bps={debt?.bps ?? ''}>
                  <td>
                    <a href={`#/lineage?model=${o.ancestor}`}>model {o.ancestor.toString()}</a>
                  </td>
                  <td>{formatBps(o.bps)}</td>
                  <td>{debt ? `${debt.carry} / 10 000 of a unit` : 'not in the market\'s record'}</td>
                </tr>
              );
            })}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">Model {model.toString()} keeps</th>
              <td data-testid="lineage-kept">{formatBps(10_000 - owed)}</td>
              <td />
            </tr>
          </tfoot>
        </table>
      )}
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
              <line
                x1={x1}
                y1={y1}
                x2={x2}
                y2={y2}
                stroke="currentColor"
                strokeWidth="1.5"
                strokeDasharray={link.relation === 'TrainedOn' ? '6 4' : undefined}
                markerEnd="url(#lineage-arrow)"
              />
              <text x={(x1 + x2) / 2} y={(y1 + y2) / 2 - 6} textAnchor="middle" className="edge-label">
                {relationText(link.relation)}, {formatBps(link.royaltyBps)}
              </text>
            </g>
          );
        })}
        {nodes.map((node) => {
          const { x, y } = at(node.model);
          return (
            <a key={node.model.toString()} href={`#/model/${node.model}`} data-testid={`lineage-node-${node.model}-link`}>
              <g
                data-testid={`lineage-node-${node.model}`}
                data-kind={node.kind ?? ''}
                className={['node', node.model === root ? 'root' : '', node.kind === 'Dataset' ? 'dataset' : ''].filter(Boolean).join(' ')}
              >
                <rect x={x} y={y} width={NODE_W} height={NODE_H} rx="6" strokeDasharray={node.kind === 'Dataset' ? '6 4' : undefined} />
                <text x={x + 10} y={y + 22}>
                  {node.kind === 'Dataset' ? 'Dataset' : 'Model'} {node.model.toString()}: {node.name.length > 18 ? `${node.name.slice(0, 17)}…` : node.name}
                </text>
                <text x={x + 10} y={y + 42} className="owner">
                  owner {label(node.owner)}
                </text>
              </g>
            </a>
          );
        })}
      </svg>
      <figcaption id="lineage-caption">
        Asset {root.toString()} and its ancestors; an arrow goes from a derivative to its parent, labelled with the relation and the share the right to
        derive granted. Datasets have dashed borders, and a dashed arrow goes from a model to a dataset it was trained on. What each ancestor gets of a sale is in the table below.
      </figcaption>
    </figure>
  );
}
