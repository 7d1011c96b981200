import { useId, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../components/PageHeader';
import { QueryState } from '../components/QueryState';
import { useAreas, useWardBoundaries, type Area, type WardFeature } from '../api/queries';
import { foldForSearch, matchesQuery } from '../lib/foldForSearch';
import { useFormatters } from '../lib/format';
import { projectWards, type ProjectedWard } from '../lib/wardMapProjection';
import { wardLookupUrl } from '../routes';

type WardTypeKey = 'phuong' | 'xa' | 'other';
const typeKey = (type: string): WardTypeKey => (type === 'phuong' || type === 'xa' ? type : 'other');

/** The part of the map to show: the whole city, or the selected ward with some context around it. */
function viewBoxFor(width: number, height: number, zoomTo: ProjectedWard | undefined): string {
  if (!zoomTo) return `0 0 ${width} ${height}`;
  // Same aspect ratio as the whole map, so the figure keeps its size when zooming.
  const [x0, y0, x1, y1] = zoomTo.box;
  const aspect = height / width;
  const viewWidth = Math.max(x1 - x0, (y1 - y0) / aspect, width / 8) * 1.6;
  const viewHeight = viewWidth * aspect;
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  return `${cx - viewWidth / 2} ${cy - viewHeight / 2} ${viewWidth} ${viewHeight}`;
}

function WardDetails({ ward, area, selected, zoomed, onZoom, onClear }: {
  ward: ProjectedWard; area: Area | undefined; selected: boolean; zoomed: boolean;
  onZoom: () => void; onClear: () => void;
}) {
  const { t } = useTranslation();
  const { number } = useFormatters();
  return (
    <div className="ward-details">
      <p className="ward-details__kicker">{t(selected ? 'wardMap.selectedHeading' : 'wardMap.hoveredHeading')}</p>
      <p className="ward-details__name">{t(`wardType.${typeKey(ward.type)}`)} {ward.name}</p>
      {area && (
        <p className="ward-details__facts">
          {area.population !== null && <span>{t('wardMap.populationValue', { value: number(area.population) })}</span>}
          {area.areaKm2 !== null && <span>{t('wardMap.areaValue', { value: number(area.areaKm2, { maximumFractionDigits: 2 }) })}</span>}
        </p>
      )}
      {selected && (
        <div className="ward-details__actions">
          <button type="button" className="button button--secondary" onClick={onZoom}>
            {t(zoomed ? 'wardMap.zoomOut' : 'wardMap.zoomIn')}
          </button>
          {area && <Link className="button button--secondary" to={wardLookupUrl(area.center.lat, area.center.lon)}>{t('wardMap.lookupHere')}</Link>}
          <button type="button" className="button button--ghost" onClick={onClear}>{t('wardMap.clearSelection')}</button>
        </div>
      )}
    </div>
  );
}

function WardMap({ features, areas }: { features: readonly WardFeature[]; areas: readonly Area[] | undefined }) {
  const { t } = useTranslation();
  const { number, locale } = useFormatters();
  const [searchParams, setSearchParams] = useSearchParams();
  const selectedId = searchParams.get('ward');
  const [hoveredId, setHoveredId] = useState<string | null>(null);
  // Keyboard focus wins over the pointer: scrolling to a focused list item can slide another
  // ward under a resting mouse, and that must not replace what the keyboard user is on.
  const [focusedId, setFocusedId] = useState<string | null>(null);
  const [zoomed, setZoomed] = useState(false);
  const [filter, setFilter] = useState('');
  const id = useId();

  const map = useMemo(() => projectWards(features.map((feature) => ({
    id: feature.properties.id,
    name: feature.properties.name,
    type: feature.properties.type,
    coordinates: feature.geometry.coordinates,
  }))), [features]);
  const byId = useMemo(() => new Map(map.wards.map((ward) => [ward.id, ward])), [map]);
  const areaById = useMemo(() => new Map((areas ?? []).map((area) => [area.id, area])), [areas]);
  const sorted = useMemo(() => {
    const collator = new Intl.Collator(locale);
    return [...map.wards].sort((a, b) => collator.compare(a.name, b.name));
  }, [map, locale]);
  const folded = foldForSearch(filter);
  const listed = sorted.filter((ward) => matchesQuery(foldForSearch(ward.name), folded));

  if (map.wards.length === 0) return <p className="state state--empty">{t('wardMap.empty')}</p>;

  const selected = selectedId !== null ? byId.get(selectedId) : undefined;
  const pointedId = focusedId ?? hoveredId;
  const active = (pointedId !== null ? byId.get(pointedId) : undefined) ?? selected;
  const select = (wardId: string | null) => {
    setSearchParams(wardId === null ? {} : { ward: wardId }, { replace: true });
    if (wardId === null) setZoomed(false);
  };
  const viewBox = viewBoxFor(map.width, map.height, zoomed ? selected : undefined);
  const viewWidth = Number(viewBox.split(' ')[2]);
  const count = number(map.wards.length);

  return (
    <div className="ward-map">
      <figure className="ward-map__figure">
        <svg className="ward-map__svg" viewBox={viewBox} role="img" aria-labelledby={`${id}-title`}
          onMouseLeave={() => setHoveredId(null)}>
          <title id={`${id}-title`}>{t('wardMap.mapLabel', { total: count })}</title>
          <g>
            {map.wards.map((ward) => (
              <path
                key={ward.id}
                d={ward.d}
                data-ward-id={ward.id}
                className={`ward ward--${typeKey(ward.type)}${ward.id === selected?.id ? ' ward--selected' : ''}${ward.id === pointedId ? ' ward--hovered' : ''}`}
                onMouseEnter={() => setHoveredId(ward.id)}
                onClick={() => select(ward.id)}
              >
                <title>{ward.name}</title>
              </path>
            ))}
          </g>
          {active && (
            <g className="ward-highlight" aria-hidden="true">
              <path d={active.d} className="ward-outline" />
              {/* Above the ward, so the label does not hide a small one. */}
              <text x={active.labelX} y={active.box[1] - viewWidth / 50} className="ward-label" fontSize={viewWidth / 32}>{active.name}</text>
            </g>
          )}
        </svg>
        <figcaption className="legend">
          <span className="legend__item"><span className="legend__swatch legend__swatch--phuong" aria-hidden="true" />{t('wardMap.legendPhuong')}</span>
          <span className="legend__item"><span className="legend__swatch legend__swatch--xa" aria-hidden="true" />{t('wardMap.legendXa')}</span>
        </figcaption>
      </figure>

      <div className="ward-map__panel">
        <div className="card ward-map__info">
          {active
            ? <WardDetails ward={active} area={areaById.get(active.id)} selected={active === selected}
                zoomed={zoomed} onZoom={() => setZoomed(!zoomed)} onClear={() => select(null)} />
            : <p className="hint">{t('wardMap.hint')}</p>}
        </div>

        <section aria-labelledby={`${id}-list`} className="ward-list-section">
          <h2 id={`${id}-list`}>{t('wardMap.listHeading')}</h2>
          <div className="field">
            <label htmlFor={`${id}-filter`}>{t('wardMap.filterLabel')}</label>
            <input id={`${id}-filter`} type="search" value={filter} autoComplete="off" spellCheck={false}
              onChange={(event) => setFilter(event.target.value)} />
          </div>
          <p className="hint" role="status">
            {listed.length === 0
              ? t('wardMap.filterEmpty', { query: filter.trim() })
              : t('wardMap.filterCount', { shown: number(listed.length), total: count })}
          </p>
          <ul className="ward-list">
            {listed.map((ward) => (
              <li key={ward.id}>
                <button
                  type="button"
                  aria-pressed={ward.id === selected?.id}
                  onClick={() => select(ward.id)}
                  onFocus={(event) => { if (event.currentTarget.matches(':focus-visible')) setFocusedId(ward.id); }}
                  onBlur={() => setFocusedId(null)}
                  onMouseEnter={() => setHoveredId(ward.id)}
                  onMouseLeave={() => setHoveredId(null)}
                >
                  <span className="ward-list__name">{ward.name}</span>
                  <span className="ward-list__type">{t(`wardType.${typeKey(ward.type)}`)}</span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      </div>
    </div>
  );
}

export function WardMapPage() {
  const { t } = useTranslation();
  const boundaries = useWardBoundaries();
  const areas = useAreas(); // optional extras (population, area); the map works without them

  return (
    <>
      <PageHeader title={t('wardMap.title')}>
        <p className="lead">{t('wardMap.intro')}</p>
      </PageHeader>
      <QueryState query={boundaries}>
        {(data) => <WardMap features={data.features} areas={areas.data?.items} />}
      </QueryState>
    </>
  );
}
