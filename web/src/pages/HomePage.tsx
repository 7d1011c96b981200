import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../components/PageHeader';
import { ClockIcon } from '../components/Icons';
import { availableTiles, plannedFunctions, type Tile } from '../features';

function TileLink({ tile }: { tile: Tile }) {
  const { t } = useTranslation();
  const content = (
    <>
      <span className="tile__icon"><tile.icon /></span>
      <span className="tile__title">{t(`home.tiles.${tile.key}.title`)}</span>
      <span className="tile__description">{t(`home.tiles.${tile.key}.description`)}</span>
    </>
  );
  if ('route' in tile.target) return <Link className="tile" to={tile.target.route}>{content}</Link>;
  return <a className="tile" href={tile.target.serverPage}>{content}</a>;
}

export function HomePage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('home.heading')}>
        <p className="lead">{t('home.intro')}</p>
      </PageHeader>

      <section aria-labelledby="home-available">
        <h2 id="home-available">{t('home.availableHeading')}</h2>
        <ul className="tiles">
          {availableTiles.map((tile) => (
            <li key={tile.key}><TileLink tile={tile} /></li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="home-planned">
        <h2 id="home-planned">{t('home.plannedHeading')}</h2>
        <p>{t('home.plannedIntro')}</p>
        <ol className="planned">
          {plannedFunctions.map((key) => (
            <li key={key} className="planned__item">
              <span className="planned__name">{t(`home.functions.${key}`)}</span>
              <span className="planned__badge"><ClockIcon />{t('home.plannedBadge')}</span>
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}
