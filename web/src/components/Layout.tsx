import { useEffect, useRef } from 'react';
import { Link, NavLink, Outlet, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from './LanguageSwitch';
import { AccountBar } from './AccountBar';
import { flashOf } from '../auth/endSession';
import { BrandMark } from './Icons';
import { routes, serverPages } from '../routes';

/** Header (brand, language, navigation), main content and footer, shared by every page. */
export function Layout() {
  const { t } = useTranslation();
  const { pathname, state } = useLocation();
  const flash = flashOf(state);
  const mainRef = useRef<HTMLElement>(null);
  const firstRender = useRef(true);

  // After a client-side navigation, move focus to the new page's heading so keyboard and
  // screen-reader users start at the new content, as they would after a full page load.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    mainRef.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [pathname]);

  return (
    <>
      <a className="skip-link" href="#main">{t('skipLink')}</a>
      <header className="site-header">
        <div className="site-header__bar">
          <Link to={routes.home} className="brand" aria-label={t('app.homeLink')}>
            <BrandMark />
            <span className="brand__text">
              <span className="brand__name">{t('app.name')}</span>
              <span className="brand__city">{t('app.city')}</span>
            </span>
          </Link>
          <LanguageSwitch />
        </div>
        <AccountBar />
        <nav className="site-nav" aria-label={t('nav.label')}>
          <ul>
            <li><NavLink to={routes.home} end>{t('nav.home')}</NavLink></li>
            <li><NavLink to={routes.categories}>{t('nav.categories')}</NavLink></li>
            <li><NavLink to={routes.wardLookup}>{t('nav.wardLookup')}</NavLink></li>
            <li><NavLink to={routes.wardMap}>{t('nav.wardMap')}</NavLink></li>
          </ul>
        </nav>
      </header>
      <main id="main" ref={mainRef} tabIndex={-1}>
        {/* Said once on the page a person lands on after signing out or deleting their account. */}
        <div className="flash" role="status">
          {flash && <p className="notice notice--ok">{t(`flash.${flash}`)}</p>}
        </div>
        <Outlet />
      </main>
      <footer className="site-footer">
        <p>{t('footer.text')}</p>
        <p><a href={serverPages.apiDocs}>{t('footer.apiDocs')}</a></p>
      </footer>
    </>
  );
}
