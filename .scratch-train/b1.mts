import * as tf from '@tensorflow/tfjs';
await tf.setBackend('cpu'); tf.enableProdMode();
function mk(i:number,o:number){return [tf.variable(tf.randomNormal([i,o],0,0.1,'float32',1)), tf.variable(tf.zeros([o]))];}
const [a1,b1]=mk(15,64),[a2,b2]=mk(64,64),[a3,b3]=mk(64,1);
const [c1,d1]=mk(15,64),[c2,d2]=mk(64,64),[c3,d3]=mk(64,1);
const logstd=tf.variable(tf.zeros([1]));
const vars=[a1,b1,a2,b2,a3,b3,c1,d1,c2,d2,c3,d3,logstd] as tf.Variable[];
const opt=tf.train.adam(3e-4);
for (const B of [64,256,1024]) {
  const x=tf.randomNormal([B,15]); const act=tf.randomNormal([B,1]); const adv=tf.randomNormal([B,1]); const ret=tf.randomNormal([B,1]);
  const step=()=>{ tf.tidy(()=>{
    const {grads}=tf.variableGrads(()=>{
      const h=tf.tanh(tf.add(tf.matMul(tf.tanh(tf.add(tf.matMul(x,a1),b1)),a2),b2));
      const mean=tf.add(tf.matMul(h,a3),b3);
      const g=tf.tanh(tf.add(tf.matMul(tf.tanh(tf.add(tf.matMul(x,c1),d1)),c2),d2));
      const v=tf.add(tf.matMul(g,c3),d3);
      const z=tf.div(tf.sub(act,mean),tf.exp(logstd));
      const logp=tf.neg(tf.add(tf.mul(0.5,tf.square(z)),logstd));
      return tf.add(tf.neg(tf.mean(tf.mul(logp,adv))), tf.mean(tf.square(tf.sub(v,ret)))) as tf.Scalar;
    }, vars);
    opt.applyGradients(grads);
  });};
  for(let i=0;i<5;i++) step();
  const t0=performance.now(); const n=40; for(let i=0;i<n;i++) step();
  const dt=(performance.now()-t0)/n; console.log(B, dt.toFixed(2),'ms/step', (dt*1000/B).toFixed(2),'us/sample');
}
