import { ImportExport } from './ImportExport';
import '../../styles/customers.css';

/**
 * The mount point of import/export in the caller context region (issue 5
 * §6), always there. The customer timeline is part of the panel itself
 * (context/CallerContext.tsx): one history list, not two.
 */
export function CustomerTools() {
  return (
    <div className="customer-tools">
      <ImportExport />
    </div>
  );
}
