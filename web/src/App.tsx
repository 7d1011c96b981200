import { Route, Routes } from 'react-router';
import { Layout } from './components/Layout';
import { HomePage } from './pages/HomePage';
import { CategoriesPage } from './pages/CategoriesPage';
import { WardLookupPage } from './pages/WardLookupPage';
import { WardMapPage } from './pages/WardMapPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { SignInPage } from './pages/SignInPage';
import { OfficialSignInPage } from './pages/OfficialSignInPage';
import { ProfilePage } from './pages/ProfilePage';
import { RequireSignIn } from './auth/RequireSignIn';
import { routes } from './routes';

export function App() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={<HomePage />} />
        <Route path={routes.categories} element={<CategoriesPage />} />
        <Route path={routes.wardLookup} element={<WardLookupPage />} />
        <Route path={routes.wardMap} element={<WardMapPage />} />
        <Route path={routes.signIn} element={<SignInPage />} />
        <Route path={routes.officialSignIn} element={<OfficialSignInPage />} />
        <Route path={routes.profile} element={<RequireSignIn><ProfilePage /></RequireSignIn>} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
