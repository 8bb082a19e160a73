/// The inline stylesheet and script of index.html. The script only sorts, filters and opens
/// details; the page reads fully without it.
enum HTMLStyle {
    static let css = """
        :root{--fg:#1d2330;--muted:#5b6475;--line:#d9dee7;--bg:#f6f7f9;--card:#fff;--sound:#1f7a3f;--unsound:#b3261e;\
        --loose:#9a6700;--over:#b35a00;--unchecked:#6b7280;--obs:#2563eb;--rms:#0891b2;--bound:#b3261e}
        *{box-sizing:border-box}
        body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:var(--fg);background:var(--bg)}
        header.top,section,footer{max-width:1180px;margin:0 auto;padding:16px 24px}
        header.top{background:var(--card);border-bottom:4px solid var(--unchecked)}
        header.v-sound{border-color:var(--sound)}header.v-unsound{border-color:var(--unsound)}header.v-loose{border-color:var(--loose)}
        h1{font-size:22px;margin:4px 0 8px}h2{font-size:17px;margin:8px 0 10px}h3{font-size:15px}h4{font-size:13px;margin:14px 0 6px;color:var(--muted)}
        section{background:var(--card);margin-top:14px;border-radius:6px;box-shadow:0 1px 2px rgba(0,0,0,.06)}
        .verdict-line{font-size:16px;margin:6px 0}.pipelines{margin:6px 0;padding-left:18px}.meta,.note,.hint{color:var(--muted);font-size:12px}
        .badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:11px;font-weight:700;letter-spacing:.03em;color:#fff;\
        background:var(--unchecked);text-transform:uppercase;vertical-align:1px}
        .s-sound{background:var(--sound)}.s-unsound{background:var(--unsound)}.s-loose{background:var(--loose)}\
        .s-over-tolerance{background:var(--over)}.s-unchecked{background:var(--unchecked)}
        table{border-collapse:collapse;width:100%;font-size:13px;margin:6px 0}
        th,td{padding:5px 8px;border-bottom:1px solid var(--line);text-align:left;white-space:nowrap}
        th{background:#eef1f5;position:sticky;top:0;cursor:pointer;user-select:none;font-weight:600}
        th.asc::after{content:" ▲";font-size:10px}th.desc::after{content:" ▼";font-size:10px}
        td.num{text-align:right;font-variant-numeric:tabular-nums;font-family:ui-monospace,"DejaVu Sans Mono",monospace}
        tr.row{cursor:pointer}tr.row:hover td{background:#f3f6fb}tr.hidden{display:none}
        .controls{display:flex;gap:16px;align-items:center;margin-bottom:6px;flex-wrap:wrap}
        .controls input[type=search]{padding:5px 8px;border:1px solid var(--line);border-radius:4px;min-width:280px}
        .charts{display:flex;flex-wrap:wrap;gap:12px}
        svg.chart{width:calc(25% - 9px);min-width:260px;height:auto;background:#fff;border:1px solid var(--line);border-radius:4px}
        .chart-title{font-size:11px;font-weight:600;fill:var(--fg)}.tick,.axis,.legend{font-size:9px;fill:var(--muted)}
        .plot{fill:#fbfcfd;stroke:var(--line)}.grid{stroke:#e9edf2;stroke-width:1}
        polyline.series,line.series{fill:none;stroke-width:2}.dot{stroke:none}
        .obs{stroke:var(--obs);fill:var(--obs)}.rms{stroke:var(--rms);fill:var(--rms);stroke-dasharray:4 3}\
        .bound{stroke:var(--bound);fill:var(--bound);stroke-dasharray:7 3}.checked{stroke:#7c3aed;fill:#7c3aed;stroke-dasharray:2 2}
        polyline.series{fill:none!important}g.errbar line{stroke-width:1.2;stroke-dasharray:none}
        ul.t-needed{margin:4px 0 0 0;padding-left:18px}ul.t-needed li{margin:2px 0}.estimate{color:var(--muted)}
        .detail svg.chart{width:460px}
        details.layer{border:1px solid var(--line);border-radius:4px;margin:6px 0;padding:0 10px}
        details.layer>summary{padding:8px 0;cursor:pointer}details.layer[open]{background:#fcfdfe}
        .detail{padding-bottom:10px;overflow-x:auto}
        ol.shares{list-style:none;padding:0;margin:0;max-width:560px}ol.shares li{position:relative;height:22px;margin:3px 0}
        .bar{position:absolute;left:0;top:0;bottom:0;background:#dbe6fb;border-radius:3px}.shares .label{position:relative;padding-left:6px;line-height:22px}
        ul.failures{list-style:none;padding:0}li.failure{border-left:4px solid var(--unsound);padding:6px 10px;margin:8px 0;background:#fdf3f2}
        code{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:12px;background:#eef1f5;padding:2px 5px;border-radius:3px;\
        word-break:break-all}
        dl{display:grid;grid-template-columns:max-content 1fr;gap:3px 14px;margin:0}dt{color:var(--muted)}dd{margin:0;word-break:break-all}
        footer{color:var(--muted);font-size:12px}
        button{font:inherit;font-size:12px;padding:3px 10px;border:1px solid var(--line);border-radius:4px;background:#fff;cursor:pointer}
        """

    static let script = """
        (function(){
          var table=document.getElementById('layer-table');
          var rows=Array.prototype.slice.call(table.tBodies[0].rows);
          var filter=document.getElementById('filter'),hide=document.getElementById('hide-passing');
          function apply(){var q=filter.value.toLowerCase();rows.forEach(function(r){
            var show=(!hide.checked||r.dataset.passing!=='true')&&(q===''||r.textContent.toLowerCase().indexOf(q)>=0);
            r.classList.toggle('hidden',!show);});}
          filter.addEventListener('input',apply);hide.addEventListener('change',apply);
          Array.prototype.forEach.call(table.tHead.rows[0].cells,function(th,k){th.addEventListener('click',function(){
            var asc=!th.classList.contains('asc');
            Array.prototype.forEach.call(table.tHead.rows[0].cells,function(c){c.classList.remove('asc','desc');});
            th.classList.add(asc?'asc':'desc');
            var num=th.dataset.kind==='num';
            rows.sort(function(a,b){var x=a.cells[k].dataset.value,y=b.cells[k].dataset.value;
              if(num){x=x===''?Infinity:parseFloat(x);y=y===''?Infinity:parseFloat(y);return asc?x-y:y-x;}
              return asc?x.localeCompare(y):y.localeCompare(x);});
            rows.forEach(function(r){table.tBodies[0].appendChild(r);});});});
          rows.forEach(function(r){r.addEventListener('click',function(){var d=document.getElementById(r.dataset.target);
            if(d){d.open=true;d.scrollIntoView({behavior:'smooth'});}});});
          var all=document.getElementById('expand-all');
          if(all)all.addEventListener('click',function(){var open=all.dataset.open!=='yes';all.dataset.open=open?'yes':'no';
            all.textContent=open?'Collapse all':'Expand all';
            Array.prototype.forEach.call(document.querySelectorAll('details.layer'),function(d){d.open=open;});});
          if(/[?&]open=all/.test(location.search))Array.prototype.forEach.call(document.querySelectorAll('details.layer'),function(d){d.open=true;});
          if(location.hash){var d=document.getElementById(location.hash.slice(1));if(d&&d.tagName==='DETAILS')d.open=true;}
          // ?filter=…, ?hide-passing=1 and ?sort=COLUMN[&desc=1] set the controls on load (links, and the browser test).
          var params=new URLSearchParams(location.search);
          if(params.get('filter')){filter.value=params.get('filter');}
          if(params.get('hide-passing')==='1'){hide.checked=true;}
          apply();
          if(params.has('sort')){var th=table.tHead.rows[0].cells[+params.get('sort')];if(th){th.click();if(params.get('desc')==='1')th.click();}}
          // How many chart lines the browser laid out with a length: the browser test reads it.
          var drawn=0;Array.prototype.forEach.call(document.querySelectorAll('svg.chart polyline'),function(p){
            try{if(p.getTotalLength()>0)drawn++;}catch(e){}});
          document.body.setAttribute('data-chart-lines',String(drawn));
          document.body.setAttribute('data-ready','yes');
        })();
        """
}
