/**
 * The dependsOn graph of Kustomizations, kept from the informer's view: who depends on whom, cycle detection, and
 * the reverse edges that tell whom to wake when an object becomes ready. Pure data; no I/O.
 */

/** `namespace/name` of a Kustomization. */
export type NodeKey = string;

/** A node's identity and its dependencies (dependsOn, namespaces defaulted to the node's). */
export interface GraphNode {
  readonly namespace: string;
  readonly name: string;
  readonly dependsOn: readonly { readonly namespace?: string | undefined; readonly name: string }[];
}

/** `namespace/name`. */
export function nodeKey(namespace: string, name: string): NodeKey {
  return `${namespace}/${name}`;
}

/** A mutable dependency graph. */
export class DependencyGraph {
  private readonly deps = new Map<NodeKey, NodeKey[]>();

  /** Adds or replaces a node's edges. */
  set(node: GraphNode): void {
    this.deps.set(nodeKey(node.namespace, node.name), node.dependsOn.map((d) => nodeKey(d.namespace || node.namespace, d.name)));
  }

  /** Removes a node (its own edges; edges pointing at it stay, as dangling dependencies). */
  delete(namespace: string, name: string): void {
    this.deps.delete(nodeKey(namespace, name));
  }

  /** The keys `key` depends on directly. */
  dependenciesOf(key: NodeKey): readonly NodeKey[] {
    return this.deps.get(key) ?? [];
  }

  /** The keys that depend directly on `key`: whom to wake when it becomes ready. */
  dependentsOf(key: NodeKey): NodeKey[] {
    const out: NodeKey[] = [];
    for (const [node, deps] of this.deps) if (deps.includes(key)) out.push(node);
    return out.sort();
  }

  /**
   * A cycle through `start`, as the path `[start, ..., start]`, or undefined when `start` is on none. Depth-first,
   * visiting dependencies in declaration order, so the reported cycle is stable.
   */
  cycleThrough(start: NodeKey): NodeKey[] | undefined {
    const visited = new Set<NodeKey>();
    const path: NodeKey[] = [start];
    const visit = (key: NodeKey): boolean => {
      for (const dep of this.dependenciesOf(key)) {
        if (dep === start) {
          path.push(dep);
          return true;
        }
        if (visited.has(dep)) continue;
        visited.add(dep);
        path.push(dep);
        if (visit(dep)) return true;
        path.pop();
      }
      return false;
    };
    return visit(start) ? path : undefined;
  }
}

/** The message of a DependencyCycle condition: `dependency cycle detected: a/x -> a/y -> a/x`. */
export function formatCycle(cycle: readonly NodeKey[]): string {
  return `dependency cycle detected: ${cycle.join(' -> ')}`;
}
