import { useShallow } from 'zustand/react/shallow';
import { useTandemStore } from '../../store/useTandemStore';
import { ImportExport } from './ImportExport';
import { Timeline } from './Timeline';
import '../../styles/customers.css';

/**
 * The mount point of the customer timeline and import/export in the caller
 * context region (issue 5 §5–6): the timeline follows the customer the panel
 * shows; import/export is always there.
 */
export function CustomerTools() {
  const { customerId, entries } = useTandemStore(
    useShallow((state) => ({
      customerId: state.contextStatus === 'known' ? (state.customerContext?.customer.id ?? null) : null,
      entries: state.customerContext?.timeline,
    })),
  );
  return (
    <div className="customer-tools">
      {customerId !== null && <Timeline key={customerId} customerId={customerId} {...(entries === undefined ? {} : { entries })} />}
      <ImportExport />
    </div>
  );
}
