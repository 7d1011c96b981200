import { useId, useMemo, useRef } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../components/PageHeader';
import { PriorityBadge } from '../components/PriorityBadge';
import { QueryState } from '../components/QueryState';
import { useCategories, type Category } from '../api/queries';
import { currentLanguage } from '../i18n';
import { buildCategoryTree, countCategories, filterCategoryTree } from '../lib/categoryTree';
import { useFormatters } from '../lib/format';

function CategoryTree({ items, query }: { items: readonly Category[]; query: string }) {
  const { t } = useTranslation();
  const { number } = useFormatters();
  const tree = useMemo(() => buildCategoryTree(items), [items]);
  const shown = useMemo(() => filterCategoryTree(tree, query), [tree, query]);
  const count = countCategories(shown);
  const trimmed = query.trim();

  if (tree.length === 0) return <p className="state state--empty">{t('categories.noCategories')}</p>;

  return (
    <>
      <p className="result-count" role="status">
        {trimmed === ''
          ? t('categories.results', { count })
          : t('categories.resultsFiltered', { count, query: trimmed })}
      </p>
      {shown.length === 0 ? (
        <div className="state state--empty">
          <p>{t('categories.empty', { query: trimmed })}</p>
          <p>{t('categories.emptyHint')}</p>
        </div>
      ) : (
        <ul className="category-groups">
          {shown.map(({ group, children }) => (
            <li key={group.code} className="card category-group">
              <div className="category-group__header">
                <h2 id={`category-${group.code}`}>{group.name}</h2>
                <PriorityBadge priority={group.defaultPriority} />
              </div>
              {group.description && <p className="category-group__description">{group.description}</p>}
              {children.length > 0 && (
                <ul className="category-children" aria-label={t('categories.subcategories', { group: group.name })}>
                  {children.map((child) => (
                    <li key={child.code} className="category-child">
                      <span className="category-child__name">{child.name}</span>
                      <span className="category-child__meta">
                        <PriorityBadge priority={child.defaultPriority} />
                        <span className="category-child__sla">
                          {t('categories.resolveWithin', { hours: number(child.slaResolveHours) })}
                        </span>
                      </span>
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export function CategoriesPage() {
  const { t } = useTranslation();
  const categories = useCategories(currentLanguage());
  const [searchParams, setSearchParams] = useSearchParams();
  const query = searchParams.get('q') ?? '';
  const searchId = useId();
  const inputRef = useRef<HTMLInputElement>(null);

  const setQuery = (value: string) => {
    setSearchParams(value === '' ? {} : { q: value }, { replace: true });
  };

  return (
    <>
      <PageHeader title={t('categories.title')}>
        <p className="lead">{t('categories.intro')}</p>
      </PageHeader>

      <div className="search-box" role="search">
        <label htmlFor={searchId}>{t('categories.searchLabel')}</label>
        <div className="search-box__row">
          <input
            id={searchId}
            ref={inputRef}
            type="search"
            value={query}
            autoComplete="off"
            spellCheck={false}
            aria-describedby={`${searchId}-hint`}
            onChange={(event) => setQuery(event.target.value)}
          />
          {query !== '' && (
            <button type="button" className="button button--secondary" onClick={() => { setQuery(''); inputRef.current?.focus(); }}>
              {t('categories.clearSearch')}
            </button>
          )}
        </div>
        <p id={`${searchId}-hint`} className="hint">{t('categories.searchHint')}</p>
      </div>

      <QueryState query={categories}>
        {(data) => <CategoryTree items={data.items} query={query} />}
      </QueryState>
    </>
  );
}
