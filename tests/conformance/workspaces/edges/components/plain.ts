// Components without publicActions, with an explicit updatableFields list, and
// with lifecycle hooks and emits that reach the client.
import { LiveComponent } from '@fluxstack/live'

export class NoPublic extends LiveComponent<{ n: number }> {
  static componentName = 'NoPublic'
  static defaultState = { n: 0 }
  async doIt() { return 1 }
}

export class EmptyPublic extends LiveComponent<{ n: number }> {
  static componentName = 'EmptyPublic'
  static publicActions = [] as const
  static defaultState = { n: 0 }
  async doIt() { return 1 }
}

export class Fields extends LiveComponent<{ title: string; secret: string; count: number; nested: { a: number; b: { c: number } } }> {
  static componentName = 'Fields'
  static publicActions = ['read'] as const
  static defaultState = { title: '', secret: 's3cr3t', count: 0, nested: { a: 1, b: { c: 2 } } }
  static updatableFields = ['title', 'count', 'nested'] as const
  async read() { return this.state }
}

export class Noisy extends LiveComponent<{ a: number; b: number; log: string[] }> {
  static componentName = 'Noisy'
  static publicActions = ['shout', 'twoTicks', 'fail', 'failAfterState', 'failSync', 'returnsNothing', 'nestedDelta', 'same'] as const
  static defaultState = { a: 0, b: 0, log: [] as string[] }

  async shout(payload: { n?: number }) {
    this.emit('SHOUT', { n: payload?.n ?? 0 })
    return 'shouted'
  }
  async twoTicks() {
    this.setState({ a: this.state.a + 1 })
    await Promise.resolve()
    await Promise.resolve()
    this.setState({ b: this.state.b + 1 })
    return { a: this.state.a, b: this.state.b }
  }
  async fail() {
    throw new Error('the action body failed')
  }
  async failAfterState() {
    this.setState({ a: 99 })
    throw new Error('failed after a state change')
  }
  failSync() {
    throw new TypeError('sync failure')
  }
  async returnsNothing() {}
  async nestedDelta() {
    this.setState({ log: [...this.state.log, 'x'] })
    return null
  }
  async same() {
    this.setState({ a: this.state.a })
    return 'unchanged'
  }
}

export class MountFails extends LiveComponent<{ n: number }> {
  static componentName = 'MountFails'
  static publicActions = ['ok'] as const
  static defaultState = { n: 0 }
  protected async onMount() {
    throw new Error('could not load initial data')
  }
  async ok() { return 'still works' }
}

export class MountEmits extends LiveComponent<{ n: number }> {
  static componentName = 'MountEmits'
  static publicActions = ['ok'] as const
  static defaultState = { n: 0 }
  protected async onMount() {
    await Promise.resolve()
    this.emit('WELCOME', { hello: 'world' })
  }
  async ok() { return 'ok' }
}
