/**
 * Turns the flat category list (groups first, then children, in display order) into groups with
 * their children, and filters it by an accent-insensitive query.
 */
import { foldForSearch, matchesQuery } from './foldForSearch';

export interface CategoryLike {
  code: string;
  parentCode: string | null;
  nameVi: string;
  nameEn: string;
  keywords: string[];
}

export interface CategoryGroup<C extends CategoryLike> {
  group: C;
  children: C[];
}

export function buildCategoryTree<C extends CategoryLike>(items: readonly C[]): CategoryGroup<C>[] {
  const groups = new Map<string, CategoryGroup<C>>();
  for (const item of items) {
    if (item.parentCode === null) groups.set(item.code, { group: item, children: [] });
  }
  for (const item of items) {
    if (item.parentCode !== null) groups.get(item.parentCode)?.children.push(item);
  }
  return [...groups.values()];
}

function searchText(category: CategoryLike): string {
  return foldForSearch([category.nameVi, category.nameEn, ...category.keywords].join(' '));
}

/**
 * A group that matches keeps all its children; otherwise it is kept with only the children
 * that match, and dropped when none do.
 */
export function filterCategoryTree<C extends CategoryLike>(tree: readonly CategoryGroup<C>[], query: string): CategoryGroup<C>[] {
  const folded = foldForSearch(query);
  if (folded === '') return [...tree];
  const result: CategoryGroup<C>[] = [];
  for (const entry of tree) {
    if (matchesQuery(searchText(entry.group), folded)) {
      result.push(entry);
      continue;
    }
    const children = entry.children.filter((child) => matchesQuery(searchText(child), folded));
    if (children.length > 0) result.push({ group: entry.group, children });
  }
  return result;
}

export function countCategories(tree: readonly CategoryGroup<CategoryLike>[]): number {
  return tree.reduce((sum, entry) => sum + 1 + entry.children.length, 0);
}
