import { describe, expect, it } from 'vitest';
import { retrieveContainer, retrievePages } from './property-collector.js';
import { response, scriptedClient } from './test-support.js';

const view = response(
  'CreateContainerView',
  '<returnval type="ContainerView">session[1]view-1</returnval>',
);

describe('vsphere/property-collector', () => {
  it('follows the paging token through ContinueRetrievePropertiesEx and destroys the view', async () => {
    const client = scriptedClient({
      CreateContainerView: [view],
      RetrievePropertiesEx: ['retrieve-page-1-token.xml'],
      ContinueRetrievePropertiesEx: ['retrieve-page-2-last.xml'],
      DestroyView: [response('DestroyView')],
    });

    const got = [];
    for await (const o of retrieveContainer(client, {
      type: 'VirtualMachine',
      pathSet: ['name', 'config.template'],
      maxObjects: 2,
    })) {
      got.push(o);
    }

    expect(
      got.map((o) => [o.obj.value, o.props.get('name'), o.props.get('config.template')]),
    ).toEqual([
      ['vm-57', 'DC0_H0_VM0', true],
      ['vm-60', 'DC0_H0_VM1', false],
      ['vm-63', 'DC0_C0_RP0_VM0', undefined],
    ]);
    expect(got[2]!.missing).toEqual(['config.template']);
    expect(client.calls.map((c) => c.method)).toEqual([
      'CreateContainerView',
      'RetrievePropertiesEx',
      'ContinueRetrievePropertiesEx',
      'DestroyView',
    ]);
    expect(client.calls[2]!.args).toEqual([['token', '1']]);
  });

  it('cancels the server-side result set when the caller stops early', async () => {
    const client = scriptedClient({
      RetrievePropertiesEx: ['retrieve-page-1-token.xml'],
      CancelRetrievePropertiesEx: [response('CancelRetrievePropertiesEx')],
    });

    for await (const page of retrievePages(client, {})) {
      expect(page.token).toBe('1');
      break;
    }

    expect(client.calls.map((c) => c.method)).toEqual([
      'RetrievePropertiesEx',
      'CancelRetrievePropertiesEx',
    ]);
  });

  it("reads vcsim's single untokened page", async () => {
    const client = scriptedClient({ RetrievePropertiesEx: ['retrieve-properties-ex.xml'] });

    const pages = [];
    for await (const p of retrievePages(client, {}, { maxObjects: 2 })) pages.push(p);

    expect(pages).toHaveLength(1);
    expect(pages[0]!.objects).toHaveLength(4);
    expect(pages[0]!.objects[0]!.props.get('parent')).toEqual({
      type: 'Folder',
      value: 'folder-3',
    });
  });
});
