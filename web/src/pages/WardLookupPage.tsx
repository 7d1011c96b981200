import { useEffect, useId, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../components/PageHeader';
import { LocateIcon } from '../components/Icons';
import { ErrorState, LoadingState, useErrorMessage } from '../components/QueryState';
import { ApiError } from '../api/client';
import { useWardLookup, type GeoPoint, type WardLookup } from '../api/queries';
import { currentLanguage } from '../i18n';
import { useFormatters } from '../lib/format';
import { currentPosition, GeolocationError, parseCoordinate, roundCoordinate, type GeolocationFailure } from '../lib/geolocation';
import { wardMapUrl } from '../routes';

type LocateState = { kind: 'idle' } | { kind: 'locating' } | { kind: 'failed'; reason: GeolocationFailure };

const geolocationMessages = {
  denied: 'wardLookup.geoDenied',
  unavailable: 'wardLookup.geoUnavailable',
  timeout: 'wardLookup.geoTimeout',
  unsupported: 'wardLookup.geoUnsupported',
} as const;

function pointFromParams(params: URLSearchParams): GeoPoint | null {
  const lat = parseCoordinate(params.get('lat'), 90);
  const lon = parseCoordinate(params.get('lon'), 180);
  return lat === null || lon === null ? null : { lat, lon };
}

function WardResult({ result }: { result: WardLookup }) {
  const { t } = useTranslation();
  const { number } = useFormatters();
  const { area, unit } = result;
  const typeKey = area.type === 'phuong' || area.type === 'xa' ? area.type : 'other';
  return (
    <div className="card ward-result">
      <p className="ward-result__type">{t(`wardType.${typeKey}`)}</p>
      <p className="ward-result__name">{area.name}</p>
      <dl className="facts">
        <div><dt>{t('wardLookup.unitLabel')}</dt><dd>{unit.name}</dd></div>
        {area.population !== null && (
          <div><dt>{t('wardLookup.populationLabel')}</dt><dd>{number(area.population)}</dd></div>
        )}
        {area.areaKm2 !== null && (
          <div><dt>{t('wardLookup.areaLabel')}</dt><dd>{t('wardLookup.areaValue', { value: number(area.areaKm2, { maximumFractionDigits: 2 }) })}</dd></div>
        )}
        <div><dt>{t('wardLookup.codeLabel')}</dt><dd>{area.id}</dd></div>
      </dl>
      <p><Link to={wardMapUrl(area.id)}>{t('wardLookup.showOnMap')}</Link></p>
    </div>
  );
}

function LookupOutcome({ point }: { point: GeoPoint | null }) {
  const { t } = useTranslation();
  const { number } = useFormatters();
  const errorMessage = useErrorMessage();
  const lookup = useWardLookup(point, currentLanguage());

  if (point === null) return <p className="state state--empty">{t('wardLookup.idle')}</p>;
  const coordinates = { maximumFractionDigits: 6 };
  const pointLabel = <p className="hint">{t('wardLookup.pointLabel', { lat: number(point.lat, coordinates), lon: number(point.lon, coordinates) })}</p>;
  if (lookup.isPending) return <LoadingState label={t('wardLookup.searching')} />;
  if (lookup.isError) {
    // A refusal (outside the city, invalid input) is an answer, not a failure: show the server's words.
    if (lookup.error instanceof ApiError && lookup.error.status < 500) {
      return (
        <div className="notice notice--warning">
          <p className="notice__title">{t('wardLookup.notFoundTitle')}</p>
          <p className="lookup-error">{errorMessage(lookup.error)}</p>
        </div>
      );
    }
    return <ErrorState error={lookup.error} onRetry={() => { void lookup.refetch(); }} />;
  }
  return (
    <>
      {pointLabel}
      <WardResult result={lookup.data} />
    </>
  );
}

export function WardLookupPage() {
  const { t } = useTranslation();
  const [searchParams, setSearchParams] = useSearchParams();
  const point = pointFromParams(searchParams);
  const [lat, setLat] = useState(searchParams.get('lat') ?? '');
  const [lon, setLon] = useState(searchParams.get('lon') ?? '');
  const [locate, setLocate] = useState<LocateState>({ kind: 'idle' });
  const id = useId();

  // Keep the inputs in step with the URL (back/forward, a shared link, the location button).
  const paramLat = searchParams.get('lat') ?? '';
  const paramLon = searchParams.get('lon') ?? '';
  useEffect(() => { setLat(paramLat); setLon(paramLon); }, [paramLat, paramLon]);

  const search = (next: GeoPoint) => {
    setSearchParams({ lat: String(next.lat), lon: String(next.lon) });
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const nextLat = parseCoordinate(lat, 90);
    const nextLon = parseCoordinate(lon, 180);
    if (nextLat === null || nextLon === null) return; // the inputs' own constraints explain why
    setLocate({ kind: 'idle' });
    search({ lat: nextLat, lon: nextLon });
  };

  const locateMe = async () => {
    setLocate({ kind: 'locating' });
    try {
      const position = await currentPosition();
      setLocate({ kind: 'idle' });
      search({ lat: roundCoordinate(position.lat), lon: roundCoordinate(position.lon) });
    } catch (error) {
      setLocate({ kind: 'failed', reason: error instanceof GeolocationError ? error.reason : 'unavailable' });
    }
  };

  return (
    <>
      <PageHeader title={t('wardLookup.title')}>
        <p className="lead">{t('wardLookup.intro')}</p>
      </PageHeader>

      <div className="lookup-layout">
        <div className="lookup-form">
          <button type="button" className="button button--primary button--wide" onClick={() => { void locateMe(); }}
            disabled={locate.kind === 'locating'}>
            <LocateIcon />{t('wardLookup.useMyLocation')}
          </button>
          <div className="geo-status" role="status">
            {locate.kind === 'locating' && <p>{t('wardLookup.locating')}</p>}
            {locate.kind === 'failed' && <p className="notice notice--warning geo-error">{t(geolocationMessages[locate.reason])}</p>}
          </div>

          <form onSubmit={onSubmit}>
            <fieldset>
              <legend>{t('wardLookup.coordinatesLegend')}</legend>
              <div className="field">
                <label htmlFor={`${id}-lat`}>{t('wardLookup.latitude')}</label>
                <input id={`${id}-lat`} name="lat" type="number" inputMode="decimal" step="any" min={-90} max={90} required
                  value={lat} onChange={(event) => setLat(event.target.value)} aria-describedby={`${id}-lat-hint`} />
                <p id={`${id}-lat-hint`} className="hint">{t('wardLookup.latitudeHint')}</p>
              </div>
              <div className="field">
                <label htmlFor={`${id}-lon`}>{t('wardLookup.longitude')}</label>
                <input id={`${id}-lon`} name="lon" type="number" inputMode="decimal" step="any" min={-180} max={180} required
                  value={lon} onChange={(event) => setLon(event.target.value)} aria-describedby={`${id}-lon-hint`} />
                <p id={`${id}-lon-hint`} className="hint">{t('wardLookup.longitudeHint')}</p>
              </div>
              <button type="submit" className="button button--secondary">{t('wardLookup.submit')}</button>
            </fieldset>
          </form>
        </div>

        <section className="lookup-result" aria-labelledby={`${id}-result`}>
          <h2 id={`${id}-result`}>{t('wardLookup.resultHeading')}</h2>
          <div aria-live="polite" aria-atomic="true" data-testid="lookup-result">
            <LookupOutcome point={point} />
          </div>
        </section>
      </div>
    </>
  );
}
