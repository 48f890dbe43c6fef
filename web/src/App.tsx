import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import { LoginPage } from './auth/LoginPage';
import { InterpretationPage } from './interpretation';
import { CarriersPage, VariantTablePage } from './intake';
import { useSession, type Me } from './auth/session';
import { AdminRoutes } from './admin';
import { AnalysisHomePage } from './analysis';
import { CaseDetailPage } from './registry/CaseDetailPage';
import { CaseListPage } from './registry/CaseListPage';
import { CaseNewPage } from './registry/CaseNewPage';
import { ComingSoonPage, NotFoundPage } from './shell/ComingSoonPage';
import { Layout } from './shell/Layout';
import { areaOf, homePath, type Area } from './shell/navigation';
import { CaseSequencingPage, SequencingHomePage } from './sequencing';
import { ShipmentDetailPage } from './specimens/ShipmentDetailPage';
import { ShipmentListPage } from './specimens/ShipmentListPage';
import { ShipmentNewPage } from './specimens/ShipmentNewPage';

// recharts is most of the bundle and only the management pages need it: load it with them.
const DashboardPage = lazy(() => import('./management/DashboardPage').then((m) => ({ default: m.DashboardPage })));

function Loading() {
  const { t } = useTranslation('shell');
  return <p className="muted">{t('app.loading')}</p>;
}

/** Routes a role may open; the server still checks every request (deny by default). */
function routesFor(area: Area) {
  const cases = [
    <Route key="cases" path="/cases" element={<CaseListPage />} />,
    <Route key="case" path="/cases/:id" element={<CaseDetailPage />} />,
    <Route key="case-variants" path="/cases/:id/variants" element={<VariantTablePage />} />,
    <Route key="variant-carriers" path="/variant-carriers" element={<CarriersPage />} />,
    <Route key="case-interpretation" path="/cases/:id/interpretation" element={<InterpretationPage />} />,
  ];
  switch (area) {
    case 'hospital':
      return [
        ...cases,
        <Route key="new" path="/cases/new" element={<CaseNewPage />} />,
        <Route key="shipments" path="/shipments" element={<ShipmentListPage direction="outgoing" />} />,
        <Route key="shipment-new" path="/shipments/new" element={<ShipmentNewPage />} />,
        <Route key="shipment" path="/shipments/:id" element={<ShipmentDetailPage />} />,
      ];
    case 'sequencing':
      return [
        <Route key="sequencing" path="/sequencing" element={<SequencingHomePage />} />,
        <Route key="sequencing-case" path="/sequencing/cases/:id" element={<CaseSequencingPage />} />,
        <Route key="case" path="/cases/:id" element={<CaseDetailPage />} />,
        <Route key="incoming" path="/incoming" element={<ShipmentListPage direction="incoming" />} />,
        <Route key="incoming-one" path="/incoming/:id" element={<ShipmentDetailPage />} />,
      ];
    case 'operator':
      return [...cases, ...AdminRoutes()];
    case 'analysis':
    case 'management':
      return [...cases, <Route key="analysis" path="/analysis" element={<AnalysisHomePage />} />, <Route
          key="dashboard"
          path="/management"
          element={
            <Suspense fallback={<Loading />}>
              <DashboardPage />
            </Suspense>
          }
        />];
    case 'reporting':
      return cases;
    default:
      return [<Route key="home" path="/home" element={<ComingSoonPage />} />];
  }
}

function SignedIn({ me }: { me: Me }) {
  return (
    <Routes>
      <Route path="/login" element={<Navigate to={homePath(me)} replace />} />
      <Route element={<Layout />}>
        <Route index element={<Navigate to={homePath(me)} replace />} />
        {routesFor(areaOf(me))}
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}

export function App() {
  const { t } = useTranslation('shell');
  const { state } = useSession();
  if (state.status === 'loading') return <p className="splash">{t('app.loading')}</p>;
  return (
    <BrowserRouter>
      {state.status === 'signed_in' ? (
        <SignedIn me={state.me} />
      ) : (
        <Routes>
          <Route path="*" element={<LoginPage />} />
        </Routes>
      )}
    </BrowserRouter>
  );
}
